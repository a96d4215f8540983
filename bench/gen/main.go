// Command gen writes a synthetic module of N migrations, shaped like a
// real service's, for miglint's benchmarks: a dbmodel package with guarded
// and unguarded writes, helper packages that reach the raw SDK, some
// migrations that import the SDK directly under an exception, and header
// dates spread over four years (some pending).
//
//	go run ./bench/gen -n 1000 -o /tmp/shop
//
// The module requires the real aws-sdk-go-v2; its go.mod and go.sum are
// those of testdata/sample, so the versions are pinned and verified.
package main

import (
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	n := flag.Int("n", 1000, "number of migrations")
	out := flag.String("o", "", "output directory (created; must not exist or be empty)")
	sample := flag.String("sample", "testdata/sample", "the sample module whose go.mod and go.sum are copied")
	flag.Parse()
	if *out == "" {
		log.Fatal("gen: -o DIR is required")
	}
	if entries, err := os.ReadDir(*out); err == nil && len(entries) > 0 {
		log.Fatalf("gen: %s is not empty; pick a new directory", *out)
	}
	g := &generator{dir: *out, rnd: rand.New(rand.NewPCG(1, 2))}
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join(*sample, f))
		if err != nil {
			log.Fatalf("gen: %v (run from the miglint repository, or pass -sample)", err)
		}
		g.write(f, string(data))
	}
	g.write("dbmodel/dbmodel.go", dbmodel)
	g.write("internal/reports/reports.go", reports)
	g.write("internal/audit/audit.go", audit)
	var exceptions strings.Builder
	for i := 1; i <= *n; i++ {
		name := fmt.Sprintf("%04d_migration_%d", i, i)
		src, needsException := g.migration(i)
		g.write("migrations/"+name+"/main.go", src)
		if needsException {
			fmt.Fprintf(&exceptions, "\n[[exception]]\nrule = \"raw-dynamodb\"\nfile = \"migrations/%s/main.go\"\nimport = \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nreason = \"needs a raw scan segment that dbmodel lacks\"\n", name)
		}
	}
	g.write("importrules.toml", config+exceptions.String())
	if g.err != nil {
		log.Fatal(g.err)
	}
	fmt.Printf("gen: wrote %d migrations to %s\n", *n, *out)
}

type generator struct {
	dir string
	rnd *rand.Rand
	err error
}

func (g *generator) write(name, text string) {
	if g.err != nil {
		return
	}
	p := filepath.Join(g.dir, filepath.FromSlash(name))
	if g.err = os.MkdirAll(filepath.Dir(p), 0o755); g.err == nil {
		g.err = os.WriteFile(p, []byte(text), 0o644)
	}
}

// migration returns the source of migration i and whether it imports the
// raw SDK under an exception. The shapes cycle so that every N has all of
// them in fixed proportions.
func (g *generator) migration(i int) (string, bool) {
	exec, fin := "pending", "pending"
	if i%10 != 0 {
		day := g.rnd.IntN(4 * 365)
		y, m, d := 2023+day/365, 1+(day%365)/31, 1+day%28
		exec = fmt.Sprintf("%d-%02d-%02d at 10:%02d:00 UTC", y, min(m, 12), d, i%60)
		fin = fmt.Sprintf("%d-%02d-%02d at 11:%02d:00 UTC", y, min(m, 12), d, i%60)
	}
	header := fmt.Sprintf("// Backfill attribute %d of every order so that reports no longer\n// compute it on the fly.\n//\n// Execution Time:    %s\n// Finalization Time: %s\npackage main\n", i, exec, fin)
	switch {
	case i%7 == 0:
		return header + fmt.Sprintf(rawSDK, i), true
	case i%11 == 0:
		return header + fmt.Sprintf(throughHelper, i), false
	case i%5 == 0:
		return header + fmt.Sprintf(unguarded, i), false
	}
	return header + fmt.Sprintf(guarded, i), false
}

const config = `[migrations]
roots = ["migrations"]

[versionguard]
attributes = ["version"]

[[forbidden]]
name = "raw-dynamodb"
packages = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/..."]
allow = ["github.com/aws/aws-sdk-go-v2/service/dynamodb/types"]
via = ["example.com/shop/dbmodel/..."]
message = "write through example.com/shop/dbmodel; it adds version conditions"
`

const guarded = `
import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		v := dbmodel.Version(item)
		if v >= 2 {
			continue // already migrated
		}
		item["attr_%[1]d"] = &types.AttributeValueMemberN{Value: "%[1]d"}
		if err := store.Put(ctx, "orders", item, v); err != nil {
			log.Fatal(err)
		}
	}
}
`

const unguarded = `
import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	items, err := store.Scan(ctx, "orders")
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range items {
		item["attr_%[1]d"] = &types.AttributeValueMemberN{Value: "%[1]d"}
		if err := store.RawPut(ctx, "orders", item); err != nil {
			log.Fatal(err)
		}
	}
}
`

const rawSDK = `
import (
	"context"
	"log"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	out, err := store.DB.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String("orders"), Segment: aws.Int32(%[1]d %% 4), TotalSegments: aws.Int32(4)})
	if err != nil {
		log.Fatal(err)
	}
	for _, item := range out.Items {
		_, err := store.DB.PutItem(ctx, &dynamodb.PutItemInput{
			TableName:                aws.String("orders"),
			Item:                     item,
			ConditionExpression:      aws.String("#v = :v"),
			ExpressionAttributeNames: map[string]string{"#v": "version"},
			ExpressionAttributeValues: map[string]types.AttributeValue{
				":v": item["version"],
			},
		})
		if err != nil {
			log.Fatal(err)
		}
	}
}
`

const throughHelper = `
import (
	"context"
	"log"

	"example.com/shop/internal/reports"
)

func main() {
	n, err := reports.CountOrders(context.Background(), "orders_%[1]d")
	if err != nil {
		log.Fatal(err)
	}
	log.Printf("%%d orders", n)
}
`

const dbmodel = `// Package dbmodel is the data-model layer: writes carry version
// conditions, except RawPut, which exists for the benchmark's unguarded
// shape.
package dbmodel

import (
	"context"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

type Item = map[string]types.AttributeValue

type Store struct{ DB *dynamodb.Client }

func Open(ctx context.Context) (*Store, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return &Store{DB: dynamodb.NewFromConfig(cfg)}, nil
}

func Version(item Item) int {
	if n, ok := item["version"].(*types.AttributeValueMemberN); ok {
		v, _ := strconv.Atoi(n.Value)
		return v
	}
	return 0
}

func (s *Store) Scan(ctx context.Context, table string) ([]Item, error) {
	out, err := s.DB.Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table)})
	if err != nil {
		return nil, err
	}
	return out.Items, nil
}

func (s *Store) Put(ctx context.Context, table string, item Item, expected int) error {
	item["version"] = &types.AttributeValueMemberN{Value: strconv.Itoa(expected + 1)}
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{
		TableName:                aws.String(table),
		Item:                     item,
		ConditionExpression:      aws.String("attribute_not_exists(#v) OR #v = :expected"),
		ExpressionAttributeNames: map[string]string{"#v": "version"},
		ExpressionAttributeValues: map[string]types.AttributeValue{
			":expected": &types.AttributeValueMemberN{Value: strconv.Itoa(expected)},
		},
	})
	return err
}

// RawPut writes without any condition.
func (s *Store) RawPut(ctx context.Context, table string, item Item) error {
	_, err := s.DB.PutItem(ctx, &dynamodb.PutItemInput{TableName: aws.String(table), Item: item})
	return err
}
`

const reports = `// Package reports reads orders for reporting; it reaches the raw SDK
// through audit, which is what forbiddenimport's chains are about.
package reports

import (
	"context"

	"example.com/shop/internal/audit"
)

func CountOrders(ctx context.Context, table string) (int, error) {
	return audit.Count(ctx, table)
}
`

const audit = `// Package audit counts items with a raw DynamoDB scan.
package audit

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

func Count(ctx context.Context, table string) (int, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return 0, err
	}
	out, err := dynamodb.NewFromConfig(cfg).Scan(ctx, &dynamodb.ScanInput{TableName: aws.String(table), Select: "COUNT"})
	if err != nil {
		return 0, err
	}
	return int(out.Count), nil
}
`
