package legacy4

import (
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var B = &dynamodb.Client{}
