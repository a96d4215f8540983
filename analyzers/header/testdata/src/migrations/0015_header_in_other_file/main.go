package main // want `migration has no header`

func main() {
	println("migrating")
}
