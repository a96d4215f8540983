package main

// The shortest way to the SDK goes through dbmodel, where chains stop; the
// reported chain is the shortest one that avoids it.

import "example.com/shop/mixed" // want `imports example.com/shop/mixed, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0119_around_via \(migrations/0119_around_via/main.go:6\) -> example.com/shop/mixed \(mixed/mixed.go:5\) -> example.com/shop/mixed/helper \(mixed/helper/helper.go:3\) -> example.com/shop/mixed/inner \(mixed/inner/inner.go:3\) -> github.com/aws/aws-sdk-go-v2/service/dynamodb$`

func main() { mixed.Run() }
