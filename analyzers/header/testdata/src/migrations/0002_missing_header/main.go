package main // want `migration has no header; above "package main" write a description`

func main() {
	println("migrating")
}
