package dbmodel // want `the exception at importrules.toml:84 \(rule "raw-dynamodb", import github.com/aws/aws-sdk-go-v2/service/dynamodb\) excuses nothing: the rule does not check example.com/shop/dbmodel, which its packages, allow or via name; remove it` package:"reaches github.com/aws/aws-sdk-go-v2/service/dynamodb, github.com/aws/aws-sdk-go-v2/service/dynamodb/schemas, github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

import "github.com/aws/aws-sdk-go-v2/service/dynamodb"

type Store struct{ DB *dynamodb.Client }
