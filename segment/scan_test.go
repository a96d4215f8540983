package segment_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/miglint/miglint/internal/dynalitetest"
	"github.com/miglint/miglint/segment"
)

// TestExampleScansEachItemOnce runs the Example's migrateSegment against
// dynalite in 4 concurrent segments over more items than one page holds,
// then reads every item back: each was moved to version 2 and touched
// exactly once, and the segments' counts add up. A second pass over all
// segments finds nothing left to do.
func TestExampleScansEachItemOnce(t *testing.T) {
	db := dynalitetest.Start(t)
	db.CreateTable(t, "carts")
	const items = 1500
	pad := &types.AttributeValueMemberS{Value: strings.Repeat("x", 4000)} // 6 MB in all: each segment holds more than one 1 MB page
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Go(func() {
			for i := w; i < items; i += 8 {
				db.Put(t, "carts", map[string]types.AttributeValue{"id": dynalitetest.S(fmt.Sprintf("c%05d", i)), "version": dynalitetest.N(1), "pad": pad})
			}
		})
	}
	wg.Wait()

	const total = 4
	counts := make([]int, total)
	errs := make([]error, total)
	for i := range total {
		wg.Go(func() {
			counts[i], errs[i] = migrateSegment(context.Background(), db.Client, "carts", segment.Segment{Index: int32(i), Total: total})
		})
	}
	wg.Wait()
	sum := 0
	for i := range total {
		if errs[i] != nil {
			t.Fatalf("segment %d: %v", i, errs[i])
		}
		if counts[i] == 0 {
			t.Errorf("segment %d migrated nothing; the table is not split", i)
		}
		sum += counts[i]
	}
	if sum != items {
		t.Errorf("the segments migrated %v carts, %d in all; want %d", counts, sum, items)
	}
	got := db.Items(t, "carts")
	if len(got) != items {
		t.Fatalf("%d items read back, want %d", len(got), items)
	}
	for id, item := range got {
		if item["version"] != "N:2" || item["touched"] != "N:1" || item["currency"] != "S:EUR" {
			t.Fatalf("item %s: version %s, touched %s, currency %s; want N:2, N:1, S:EUR", id, item["version"], item["touched"], item["currency"])
		}
	}

	again, err := migrateSegment(context.Background(), db.Client, "carts", segment.Segment{Index: 0, Total: 1})
	if err != nil || again != 0 {
		t.Errorf("a second pass migrated %d (%v), want 0", again, err)
	}
}
