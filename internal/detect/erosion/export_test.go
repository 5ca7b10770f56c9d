package erosion

// AsksIfSafe exposes asksIfSafe to the external tests.
var AsksIfSafe = asksIfSafe
