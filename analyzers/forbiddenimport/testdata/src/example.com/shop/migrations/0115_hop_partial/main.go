package main

import "example.com/shop/legacy4" // want `imports example.com/shop/legacy4, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0115_hop_partial \(migrations/0115_hop_partial/main.go:3\) -> example.com/shop/legacy4 \(legacy4/b.go:4\) -> github.com/aws/aws-sdk-go-v2/service/dynamodb$`

func main() { _, _ = legacy4.A, legacy4.B }
