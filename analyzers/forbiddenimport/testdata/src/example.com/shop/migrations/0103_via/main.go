package main

// This migration reaches the SDK only through dbmodel, a via package.

import "example.com/shop/dbmodel"

func main() { _ = dbmodel.Store{} }
