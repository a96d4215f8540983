package main

import "example.com/shop/legacy3" // want `imports example.com/shop/legacy3, which reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, forbidden by rule "raw-dynamodb" \(write through example.com/shop/dbmodel\); chain: example.com/shop/migrations/0114_hop_expired \(migrations/0114_hop_expired/main.go:3\) -> example.com/shop/legacy3 \(legacy3/raw.go:3\) -> github.com/aws/aws-sdk-go-v2/service/dynamodb; the exception at importrules.toml:62 for legacy3/raw.go expired on 2026-06-30$`

func main() { _ = legacy3.Client }
