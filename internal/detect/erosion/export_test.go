package erosion

// AsksIfSafe exposes asksIfSafe to the external tests.
var AsksIfSafe = asksIfSafe

// AboutOwn exposes aboutOwn to the external tests.
var AboutOwn = aboutOwn
