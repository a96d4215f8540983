package main // want `migration 0001_backfill, retention 6 months`

func run() {}
