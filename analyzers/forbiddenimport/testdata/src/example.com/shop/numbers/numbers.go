package numbers // want package:"reaches errors, .*, math/bits, runtime, strconv, unicode/utf8, unsafe"

// numbers reaches math/bits and unsafe through the standard library.

import "strconv" // want `imports strconv, which reaches math/bits, forbidden by rule "no-bits"; chain: example.com/shop/numbers \(numbers/numbers.go:5\) -> strconv -> internal/strconv -> math/bits$` `imports strconv, which reaches unsafe, forbidden by rule "no-bits"; chain: example.com/shop/numbers \(numbers/numbers.go:5\) -> strconv -> errors -> unsafe$`

var _ = strconv.Itoa
