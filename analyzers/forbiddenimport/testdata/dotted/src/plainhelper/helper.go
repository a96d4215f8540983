package plainhelper

import "example.com/forbidden"

var N = forbidden.N
