package forbidden

var N = 1
