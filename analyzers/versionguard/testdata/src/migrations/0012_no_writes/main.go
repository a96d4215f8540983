// A migration that cannot write to DynamoDB at all (no package it reaches
// has the SDK's types or a writing helper) is still checked: its
// directives can be unused.
package main

import "fmt"

func main() {
	//miglint:ignore versionguard -- left over from an earlier draft // want `^//miglint:ignore versionguard silences nothing: no unguarded write is on this line or the next; remove it$`
	fmt.Println("nothing to write")

	//miglint:ignore versionguard // want `needs a reason`
	fmt.Println("still nothing")
}
