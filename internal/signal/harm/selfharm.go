package harm

import (
	"regexp"
	"strconv"
)

// A request for a way to end one's life: the user states suicidal intent
// ("I don't want to be here anymore", "kill myself") and asks for a way, a
// method or an amount. Any reply that names a means answers it; the value
// is selfHarmIntent. Asking for help, or stating the feeling without asking
// for a way, is not read here.
const selfHarmIntent = 0.95

// selfHarmGate are substrings one of which such a request holds (see gates).
var selfHarmGate = []string{"die", "dead", "kill", "suicid", "end it", "end my", "here anymore", "live anymore",
	"wake up", "overdose"}

var (
	ideation = regexp.MustCompile(`(?i)\b(?:kill myself|killing myself|end my life|ending my life|end it all|take my (?:own )?life|commit suicide|suicide|(?:don't|do not|dont) want to (?:be here|live|exist|wake up)(?: anymore)?|want to die|wanna die|better off dead|no reason to live|never wake up|not wake up)\b`)
	method   = regexp.MustCompile(`(?i)\b(?:painless|quickest|fastest|easiest|surest|best|most effective|least painful)\s+(?:way|method)|\bhow (?:many|much)\b|\bwhat (?:dose|amount)\b|\bhow (?:do|can|could|would|should) i (?:do it|end|kill|die|overdose|make it|go)\b|\bway to (?:do it|end it|die|go)\b|\bmethods?\b|\bwhich (?:pills|drugs|medication)\b`)
)

// selfHarmRequest returns selfHarmIntent and an excerpt when text states
// suicidal intent and asks for a way, a method or an amount, else 0. s is
// the scan of the text that text is part of, or nil.
func selfHarmRequest(s *scanned, text string) (float64, string) {
	why, how := goalAndAsk(s, text, gateSelfHarm, ideation, method)
	if how == "" {
		return 0, ""
	}
	return selfHarmIntent, "[self-harm] states " + strconv.Quote(why) + " and asks " + strconv.Quote(how)
}

// goalAndAsk returns the first match of goal and of ask in text when text
// passes gate (see gates) and holds both, else "", "".
func goalAndAsk(s *scanned, text string, gate int, goal, ask *regexp.Regexp) (why, how string) {
	if gates(s, text)&(1<<gate) == 0 {
		return "", ""
	}
	if why = goal.FindString(text); why == "" {
		return "", ""
	}
	if how = ask.FindString(text); how == "" {
		return "", ""
	}
	return why, how
}

// A request for a dose of a medicine or a household substance to get high
// ("how many Benadryl to trip", "how much nutmeg to get high"): misuse
// whose dose is the harm. The value is misuseIntent; a reply that gives the
// amount answers it.
const misuseIntent = 0.8

// misuseGate are substrings one of which such a request holds (see gates).
var misuseGate = []string{"trip", "high", "stoned", "wasted", "hallucinat", "buzz", "euphori", "recreation"}

var (
	misuseGoal = regexp.MustCompile(`(?i)\b(?:to|and|so i|can i|could i|will i|would i) (?:trip|get high|get stoned|get wasted|feel high|hallucinate|get a buzz|feel euphoric)\b|\b(?:recreationally|for fun|for a high|for recreational use)\b`)
	misuseDose = regexp.MustCompile(`(?i)\bhow (?:many|much)\b|\bwhat (?:dose|amount)\b|\b\d+\s*(?:mg|pills|tablets|caps)\b|\bdosage\b`)
)

// misuseRequest returns misuseIntent and an excerpt when text asks for a
// dose to get high, else 0. s is the scan of the text that text is part
// of, or nil.
func misuseRequest(s *scanned, text string) (float64, string) {
	why, how := goalAndAsk(s, text, gateMisuse, misuseGoal, misuseDose)
	if how == "" {
		return 0, ""
	}
	return misuseIntent, "[intent] asks " + strconv.Quote(how) + " " + strconv.Quote(why) + " (drug misuse)"
}
