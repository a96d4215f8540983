// want +5 `Finalization Time 2026-10-02 at 12:00:00 \+02:00 is before Execution Time`

// Drop the session tokens of every user.
//
// Execution Time:    2026-10-02 at 12:30:00 +02:00
// Finalization Time: 2026-10-02 at 12:00:00 +02:00
package main

func main() {
	println("migrating")
}
