package importrules

import (
	"fmt"
	"strings"

	"github.com/miglint/miglint/internal/text"
)

// keyLines maps the keys of a TOML document to the lines they stand on.
// BurntSushi/toml keeps key positions private, so this scans the text: table
// headers and "key =" lines, in document order. It is only used to put line
// numbers into error messages, so a key it cannot place gets line 0 and the
// message still names the key.
type keyLines struct {
	tables map[string][]int          // table name -> header line of each occurrence
	keys   map[string]map[string]int // tableSlot -> key -> line
}

var (
	tableHeader = text.LazyRegexp(`^\s*\[\s*([A-Za-z0-9_.-]+)\s*\]\s*(#.*)?$`)
	arrayHeader = text.LazyRegexp(`^\s*\[\[\s*([A-Za-z0-9_.-]+)\s*\]\]\s*(#.*)?$`)
	keyLine     = text.LazyRegexp(`^\s*("[^"]*"|[A-Za-z0-9_-]+)\s*=`)
)

func scanKeyLines(text string) *keyLines {
	kl := &keyLines{tables: map[string][]int{}, keys: map[string]map[string]int{}}
	table, slot := "", tableSlot("", 0)
	for i, line := range strings.Split(text, "\n") {
		n := i + 1
		if m := arrayHeader().FindStringSubmatch(line); m != nil {
			table = m[1]
			kl.tables[table] = append(kl.tables[table], n)
			slot = tableSlot(table, len(kl.tables[table])-1)
			continue
		}
		if m := tableHeader().FindStringSubmatch(line); m != nil {
			table = m[1]
			kl.tables[table] = append(kl.tables[table], n)
			slot = tableSlot(table, 0)
			continue
		}
		if m := keyLine().FindStringSubmatch(line); m != nil {
			key := strings.Trim(m[1], `"`)
			if kl.keys[slot] == nil {
				kl.keys[slot] = map[string]int{}
			}
			if _, seen := kl.keys[slot][key]; !seen {
				kl.keys[slot][key] = n
			}
		}
	}
	return kl
}

func tableSlot(table string, index int) string {
	return fmt.Sprintf("%s#%d", table, index)
}

// line returns the line of key in the index'th occurrence of table, falling
// back to the table's header line, or 0.
func (kl *keyLines) line(table string, index int, key string) int {
	if n, ok := kl.keys[tableSlot(table, index)][key]; ok {
		return n
	}
	return kl.tableLine(table, index)
}

func (kl *keyLines) tableLine(table string, index int) int {
	if hs := kl.tables[table]; index < len(hs) {
		return hs[index]
	}
	return 0
}
