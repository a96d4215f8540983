// Rule 2: a write guarded by a comparison of the version, inside an if or
// after one that leaves; a comparison of another field guards nothing.
package main

import (
	"context"
	"log"
	"strconv"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"example.com/dbmodel"
)

type Car struct {
	Key     dbmodel.Item
	Version int
	Status  string
	Rev     int `dynamodbav:"version"`
}

func (c Car) GetVersion() int { return c.Version }

const target = 3

var db = dynamodb.New(dynamodb.Options{})

// write is only called after a check: its caller's check guards it.
func write(ctx context.Context, key dbmodel.Item) {
	db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: key, UpdateExpression: aws.String("SET a = :a")})
}

func main() {
	ctx := context.Background()
	var cars []Car
	var items []dbmodel.Item

	for _, car := range cars {
		// Inside an if on a field.
		if car.Version < target {
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key})
		}
		// In the else branch.
		if car.Version >= target {
			log.Print("done")
		} else {
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key})
		}
		// A getter; a field whose tag names the attribute.
		if car.GetVersion() < target {
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key})
		}
		if car.Rev < target {
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key})
		}
		// The wrong field.
		if car.Status != "migrated" {
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key}) // want `^UpdateItem is unguarded: it has no condition on "version";`
		}
		switch car.Version {
		case target:
		default:
			db.UpdateItem(ctx, &dynamodb.UpdateItemInput{Key: car.Key})
		}
	}

	for _, item := range items {
		// A map entry.
		if n, ok := item["version"].(*types.AttributeValueMemberN); ok && n.Value == "3" {
			continue
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{Item: item})
	}

	for _, item := range items {
		// An error check compares no version.
		v, err := strconv.Atoi(item["version"].(*types.AttributeValueMemberN).Value)
		if err != nil {
			continue
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{Item: item}) // want `^PutItem is unguarded: it has no condition on "version";`
		// Now v is compared: it was read from item["version"].
		if v >= target {
			break
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{Item: item})
	}

	for _, item := range items {
		// An if that does not always leave guards nothing after it.
		if dbmodel.Version(item) >= target {
			if len(item) > 2 {
				continue
			}
		}
		db.PutItem(ctx, &dynamodb.PutItemInput{Item: item}) // want `^PutItem is unguarded: it has no condition on "version";`
	}

	for _, item := range items {
		// The check guards a closure built after it.
		if dbmodel.Version(item) >= target {
			continue
		}
		func() {
			db.PutItem(ctx, &dynamodb.PutItemInput{Item: item})
		}()
		write(ctx, item)
	}

	for i := range items {
		if dbmodel.Version(items[i]) >= target {
			goto next
		}
		db.DeleteItem(ctx, &dynamodb.DeleteItemInput{Key: items[i]})
	next:
	}
	upgrade(ctx, items[0], target)
}

// A parameter named like the attribute is compared as the version.
func upgrade(ctx context.Context, item dbmodel.Item, version int) {
	if version >= target {
		return
	}
	db.PutItem(ctx, &dynamodb.PutItemInput{Item: item})
	if len(item) == 0 {
		log.Fatal("empty")
	}
}
