package mixed // want package:"reaches example.com/shop/dbmodel, example.com/shop/mixed/helper, example.com/shop/mixed/inner, github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import (
	"example.com/shop/dbmodel"
	"example.com/shop/mixed/helper"
)

func Run() { _, _ = dbmodel.Store{}, helper.Client }
