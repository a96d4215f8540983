package main

func run() { println("migrating") }
