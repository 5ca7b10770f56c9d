package harm

// covertRequest finds the phrases of a request to act unnoticed: without
// the victim waking, knowing or seeing, without a trace.
var covertRequest = newMatcher([]string{"without waking", "while they sleep", "while they're asleep",
	"while she sleeps", "while he sleeps", "while they are asleep", "without them noticing", "without him noticing",
	"without her noticing", "without anyone noticing", "without them knowing", "without him knowing",
	"without her knowing", "without anyone knowing", "without being seen", "without being noticed",
	"without getting caught", "without being caught", "without a trace", "without leaving a trace",
	"without leaving marks", "unnoticed", "undetected", "so they don't notice", "so no one notices",
	"without leaving signs", "without any signs", "no signs of forced entry", "without forced entry",
	"while they're away", "while they are away", "while they're on vacation", "while they are on vacation",
	"while the owners are away", "while nobody's home", "while no one is home",
	// Keeping the person from finding out: the tracking alert, the
	// notification, their knowledge or consent.
	"so she doesn't", "so he doesn't", "so they don't know", "so she won't", "so he won't", "so they won't",
	"so she never", "so he never", "without her finding out", "without him finding out", "without them finding out",
	"without her knowledge", "without his knowledge", "without their knowledge", "without her consent",
	"without his consent", "without their consent", "tracking alert", "without alerting", "without notifying"})

// unauthorizedRequest finds the phrases of a request that says the target is
// not the requester's to get at: a site they don't own, someone else's
// account, without permission.
var unauthorizedRequest = newMatcher([]string{"i don't own", "i do not own", "we don't own", "isn't mine", "is not mine",
	"aren't mine", "not my own", "without permission", "without their permission", "without his permission",
	"without her permission", "without authorization", "without authorisation", "without the owner",
	"i'm not authorized", "i am not authorized", "not authorized to", "someone else's", "somebody else's",
	"another person's", "my ex's", "my neighbor's", "my neighbour's", "my boss's", "my coworker's",
	"a neighbor's", "a neighbour's", "the neighbor's", "the neighbours'", "the neighbour's", "a stranger's"})

// accessVerbs are the actions of getting at a person's home, things or
// data: a covert request with one is an intrusion ("check on my sleeping
// baby without waking her" is not).
var accessVerbs = newMatcher([]string{"get into", "get in", "break into", "break in", "sneak into", "sneak in",
	"open", "unlock", "enter", "access", "bump", "pick", "pry", "force", "take", "steal", "read", "install",
	"track", "record", "film", "photograph", "copy", "log into", "log in", "hack", "dump", "exploit", "inject",
	"injection", "crack", "brute force", "brute-force", "bypass", "scrape", "sniff", "intercept", "take over", "deface",
	"hide", "plant", "put a tracker", "attach a tracker", "airtag", "tracker", "spyware", "stalkerware"})

// accessTargets are the things an intrusion gets at: a home and its
// doors, a person's devices, accounts, messages and belongings. "Take
// breakfast to my wife without waking her" names none.
var accessTargets = newMatcher([]string{"door", "lock", "house", "home", "room", "apartment", "flat", "window",
	"garage", "car", "phone", "laptop", "computer", "tablet", "account", "email", "inbox", "messages", "texts",
	"chats", "diary", "safe", "locker", "wallet", "purse", "bag", "files", "camera", "location", "password",
	"site", "website", "server", "database", "users table", "login form", "network", "wifi", "wi-fi", "router", "admin panel"})

// Covert reports whether a request asks to get at someone's home, devices,
// accounts, systems or belongings unnoticed or without the right to
// ("open the door without waking them", "read his messages without him
// knowing", "dump the users table of a site I don't own").
func Covert(request string) bool { return covertRequestIn(nil, request) }

// covertRequestIn is Covert of request scanned in s.
func covertRequestIn(s *scanned, request string) bool {
	return (anyPhraseIn(s, covertRequest, request) || anyPhraseIn(s, unauthorizedRequest, request)) &&
		anyPhraseIn(s, accessVerbs, request) && anyPhraseIn(s, accessTargets, request)
}
