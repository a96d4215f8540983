// Directives.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})

	//miglint:ignore pagination -- the config table holds one item
	c.Scan(ctx, &dynamodb.ScanInput{})

	c.Scan(ctx, &dynamodb.ScanInput{}) //miglint:ignore versionguard,pagination -- one item, on the line itself

	//miglint:ignore pagination // want `^//miglint:ignore pagination needs a reason: write "//miglint:ignore pagination -- why reading one page is enough"; without one it silences nothing$`
	c.Scan(ctx, &dynamodb.ScanInput{}) // want `^Scan reads only the first page`

	//miglint:ignore pagination -- nothing to silence here // want `^//miglint:ignore pagination silences nothing: no pagination finding is on this line or the next; remove it$`
	_ = ctx

	//miglint:ignore versionguard -- another analyzer's business
	_ = c
}
