// Package store writes through a queue that miglint cannot see into: the
// configuration lists its writers.
package store

type Repo struct{ queue []string }

func Save(table string, item map[string]string) {}

func (r Repo) Write(key string) {}

func (r *Repo) Flush() { r.queue = nil }

// Store calls a listed writer: calling Store is a write too.
func Store(item map[string]string) { // want Store:`writes store.Save at custom/store/store.go:\d+$`
	Save("carts", item)
}

// StoreNewer checks the revision first.
func StoreNewer(item map[string]string, rev int) { // want StoreNewer:`writes store.Save at custom/store/store.go:\d+ \[rev\]`
	if rev < 3 {
		Save("carts", item)
	}
}
