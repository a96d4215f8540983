// Mark every order placed before the tax change with its old tax rate,
// scanning the orders table in parallel segments because it is too large
// for one sequential scan.
//
// Execution Time:    pending
// Finalization Time: pending
package main

import (
	"context"
	"log"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/shop/dbmodel"
)

const (
	schemaVersion = 5
	segments      = 4
)

func main() {
	ctx := context.Background()
	store, err := dbmodel.Open(ctx)
	if err != nil {
		log.Fatal(err)
	}
	var wg sync.WaitGroup
	for segment := range segments {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := dynamodb.NewScanPaginator(store.DB, &dynamodb.ScanInput{
				TableName:     aws.String("orders"),
				Segment:       aws.Int32(int32(segment)),
				TotalSegments: aws.Int32(segments),
			})
			for p.HasMorePages() {
				page, err := p.NextPage(ctx)
				if err != nil {
					log.Fatal(err)
				}
				for _, item := range page.Items {
					v := dbmodel.Version(item)
					if v >= schemaVersion {
						continue // already migrated
					}
					item["tax_rate"] = &types.AttributeValueMemberN{Value: "0.19"}
					if err := store.Put(ctx, "orders", item, v); err != nil {
						log.Fatal(err)
					}
				}
			}
		}()
	}
	wg.Wait()
}
