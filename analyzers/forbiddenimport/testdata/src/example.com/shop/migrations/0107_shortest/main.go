package main

// This migration reaches the SDK twice; only the shortest chain is reported.

import (
	"example.com/shop/legacy"
	"example.com/shop/legacy/store" // want `imports example.com/shop/legacy/store, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0107_shortest \(migrations/0107_shortest/main.go:7\) -> example.com/shop/legacy/store \(legacy/store/store.go:3\) -> github.com/aws/aws-sdk-go-v2/service/dynamodb$`
)

func main() { _, _ = legacy.Default, store.New() }
