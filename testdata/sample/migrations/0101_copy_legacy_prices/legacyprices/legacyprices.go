// Package legacyprices reads the legacy prices table, which dbmodel does
// not know.
package legacyprices

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// Read returns the legacy price of every SKU.
func Read(ctx context.Context, db *dynamodb.Client) (map[string]types.AttributeValue, error) {
	prices := map[string]types.AttributeValue{}
	p := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String("legacy_prices")})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, err
		}
		for _, item := range page.Items {
			if sku, ok := item["sku"].(*types.AttributeValueMemberS); ok {
				prices[sku.Value] = item["price"]
			}
		}
	}
	return prices, nil
}
