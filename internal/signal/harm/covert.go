package harm

// covertRequest finds the phrases of a request to act unnoticed: without
// the victim waking, knowing or seeing, without a trace.
var covertRequest = newMatcher([]string{"without waking", "while they sleep", "while they're asleep",
	"while she sleeps", "while he sleeps", "while they are asleep", "without them noticing", "without him noticing",
	"without her noticing", "without anyone noticing", "without them knowing", "without him knowing",
	"without her knowing", "without anyone knowing", "without being seen", "without being noticed",
	"without getting caught", "without being caught", "without a trace", "without leaving a trace",
	"without leaving marks", "unnoticed", "undetected", "so they don't notice", "so no one notices"})

// Covert reports whether a request asks to act unnoticed ("without waking
// them", "without anyone knowing").
func Covert(request string) bool { return anyPhrase(covertRequest, request) }
