package main

import (
	"example.com/shop/legacy" // want `imports example.com/shop/legacy, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0106_indirect \(migrations/0106_indirect/main.go:4\) -> example.com/shop/legacy \(legacy/legacy.go:3\) -> example.com/shop/legacy/store \(legacy/store/store.go:3\) -> github.com/aws/aws-sdk-go-v2/service/dynamodb$`
)

func main() { _ = legacy.Default }
