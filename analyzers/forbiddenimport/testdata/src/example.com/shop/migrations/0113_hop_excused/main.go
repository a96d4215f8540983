package main

// This migration reaches the SDK through legacy2/raw.go, which an exception
// excuses.

import "example.com/shop/legacy2"

func main() { _ = legacy2.Client }
