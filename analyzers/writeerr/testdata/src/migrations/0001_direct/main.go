// Direct writes: the client, an interface, a wrapper of this package.
package main

import (
	"context"
	"fmt"
	"log"

	"example.com/errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

type putter interface {
	PutItem(context.Context, *dynamodb.PutItemInput, ...func(*dynamodb.Options)) (*dynamodb.PutItemOutput, error)
}

func main() {
	ctx := context.Background()
	c := dynamodb.New(dynamodb.Options{})
	in := &dynamodb.PutItemInput{}

	c.PutItem(ctx, in)                                                   // want `^error of PutItem is discarded \(the call is a statement\): a write that fails unnoticed is lost; check the error$`
	_, _ = c.DeleteItem(ctx, &dynamodb.DeleteItemInput{})                // want `^error of DeleteItem is assigned to _`
	go c.UpdateItem(ctx, &dynamodb.UpdateItemInput{})                    // want `^error of UpdateItem is discarded \(called in a go statement\)`
	defer c.TransactWriteItems(ctx, &dynamodb.TransactWriteItemsInput{}) // want `^error of TransactWriteItems is discarded \(called in a defer statement\)`
	out, _ := c.BatchWriteItem(ctx, &dynamodb.BatchWriteItemInput{})     // want `^error of BatchWriteItem is assigned to _`
	log.Print(out)

	// Overwritten before any use.
	_, err := c.PutItem(ctx, in) // want `^error of PutItem is overwritten or dropped before it is checked`
	_, err = c.PutItem(ctx, in)
	if err != nil {
		log.Fatal(err)
	}

	// Wrapped, and the wrapped error dropped.
	if _, err := c.PutItem(ctx, in); err != nil { // want `^error of PutItem is checked, but nothing is done when it fails: a write that fails unnoticed is lost; check the error$`
		errors.Wrapf(err, "put")
	}
	for i := range 3 {
		if _, err := c.PutItem(ctx, in); err != nil { // want `^error of PutItem is checked, but nothing is done`
			errors.Wrapf(err, "put %d of %s", i, "carts")
		}
	}

	if _, err := c.PutItem(ctx, in); err != nil { // want `^error of PutItem is checked, but nothing is done`
		// TODO: handle
	}
	if _, err := c.PutItem(ctx, in); err == nil { // want `^error of PutItem is checked, but nothing is done`
		log.Print("written")
	}

	// Clean twins.
	if _, err := c.PutItem(ctx, in); err != nil {
		log.Fatal(err)
	}
	_, err = c.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{})
	check(err)
	_, err = c.BatchExecuteStatement(ctx, &dynamodb.BatchExecuteStatementInput{})
	if cond() {
		log.Print(err) // used on one path is used
	}
	_, err = c.PutItem(ctx, in)
	if err == nil {
		_, err = c.PutItem(ctx, in)
	}
	check(err)
	c.GetItem(ctx, &dynamodb.GetItemInput{})                                                                                    // a read
	c.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(fmt.Sprintf(`SELECT * FROM "%s"`, "carts"))}) // a read
	c.ExecuteStatement(ctx, &dynamodb.ExecuteStatementInput{Statement: aws.String(`UPDATE carts SET x = 1`)})                   // want `^error of ExecuteStatement is discarded`
	failed := 0
	if _, err := c.PutItem(ctx, in); err != nil {
		failed++ // counted, and the count is reported
	}
	if _, err := c.PutItem(ctx, in); err != nil {
		return
	}
	log.Print(failed)
	if _, err := c.PutItem(ctx, in); err != nil {
		log.Fatal(errors.Wrapf(err, "put"))
	}

	// Through an interface.
	var p putter = c
	p.PutItem(ctx, in) // want `^error of PutItem is discarded`
	if _, err := p.PutItem(ctx, in); err != nil {
		log.Fatal(err)
	}

	// Through a wrapper and a helper of this package.
	put(ctx, c, in) // want `^error of PutItem is discarded`
	check(put(ctx, c, in))
	save(ctx, c) // want `^error of save \(PutItem at main.go:\d+\) is discarded`
	check(save(ctx, c))

	go func() {
		_ = save(ctx, c) // want `^error of save \(PutItem at main.go:\d+\) is assigned to _`
	}()
}

func cond() bool { return true }

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func put(ctx context.Context, c *dynamodb.Client, in *dynamodb.PutItemInput) error {
	_, err := c.PutItem(ctx, in)
	return err
}

func save(ctx context.Context, c *dynamodb.Client) error {
	_, err := c.PutItem(ctx, &dynamodb.PutItemInput{})
	return err
}
