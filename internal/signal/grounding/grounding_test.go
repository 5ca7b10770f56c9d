package grounding

import (
	"strings"
	"testing"

	"github.com/faultline-dev/faultline/internal/signal"
	"github.com/faultline-dev/faultline/internal/signal/model"
	"github.com/faultline-dev/faultline/internal/trajectory"
)

func msg(role trajectory.Role, content string) trajectory.Message {
	return trajectory.Message{Role: role, Content: content}
}

// run observes msgs with s and returns the measurement of the last message.
func run(s signal.Signal, msgs ...trajectory.Message) signal.Measurement {
	tr := s.Track(&trajectory.Meta{})
	var last signal.Measurement
	for i := range msgs {
		last = tr.Observe(i, &msgs[i])
	}
	return last
}

func TestTokenize(t *testing.T) {
	toks := tokenize("The claims' cost: 1,000 dollars. See `x := 42` now", nil)
	var words []string
	s := "The claims' cost: 1,000 dollars. See `x := 42` now"
	for _, tk := range toks {
		words = append(words, s[tk.start:tk.end])
	}
	if got := strings.Join(words, "|"); got != "The|claims|cost|1,000|dollars|See|x|42|now" {
		t.Fatalf("words %q", got)
	}
	if wordHash("claims") != wordHash("claim") || wordHash("Claim") != wordHash("claim") {
		t.Error("plural and case must hash alike")
	}
	if wordHash("1,000") != wordHash("1000") {
		t.Error("thousands separators must not matter")
	}
	if !toks[6].has(fCode) || toks[5].has(fCode) {
		t.Error("inline code must be marked")
	}
	if !toks[0].has(fStop) || toks[2].has(fStop) {
		t.Error("stopword flags")
	}
}

func TestFabricatedReference(t *testing.T) {
	sys := msg(trajectory.RoleSystem, "Knowledge: The refund policy is described at https://example.com/refunds and in Section 4.2 of the terms. Refunds take 14 days.")
	for _, tc := range []struct {
		name   string
		answer string
		want   bool
	}{
		{"url from context", "See https://example.com/refunds for details.", false},
		{"invented url", "See https://docs.acme-corp.io/policies/refund-v2 for details.", true},
		{"section from context", "As Section 4.2 says, refunds take 14 days.", false},
		{"invented section", "According to Section 9.7, refunds are instant.", true},
		{"invented number", "Refunds take 37 days and cost 250 dollars.", true},
		{"arithmetic result", "Two refunds: 14 + 14 = 28 days in total.", false},
		{"list markers", "1. Ask for a refund\n2. Wait", false},
		{"code", "Use `sleep 3600` in the script.", false},
		{"attributed invented quote", `As the CEO said, "we will never charge a restocking fee again".`, true},
		{"unattributed quote", `You could reply "thanks for waiting so patiently" to them.`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, sys, msg(trajectory.RoleUser, "How long do refunds take?"), msg(trajectory.RoleAssistant, tc.answer))
			if got := m.Value > 0.15; got != tc.want {
				t.Errorf("value %.2f (%q), want flagged=%v", m.Value, m.Excerpt, tc.want)
			}
		})
	}
}

// TestMisquote: with a document given, a quote attributed to a source in
// words the document does not hold is a misquote; one the document holds
// is not, and without a document a quote is only an unsupported one.
func TestMisquote(t *testing.T) {
	doc := msg(trajectory.RoleSystem, "Answer from the policy. Policy excerpt: Employees may work remotely up to two days per week with manager approval. Equipment is provided by IT.")
	for _, tc := range []struct {
		name, sys, answer string
		misquote, flagged bool
	}{
		{"invented quote of the document", doc.Content, `The policy states: "Employees may work from abroad for thirty days a year with notice to HR."`, true, true},
		{"quote the document holds", doc.Content, `The policy states: "Employees may work remotely up to two days per week with manager approval."`, false, false},
		{"no document", "You are a helpful assistant.", `As the CEO said, "we will never charge a restocking fee again".`, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, msg(trajectory.RoleSystem, tc.sys), msg(trajectory.RoleUser, "What does it say?"), msg(trajectory.RoleAssistant, tc.answer))
			if got := strings.HasPrefix(m.Excerpt, MisquotePrefix); got != tc.misquote {
				t.Errorf("excerpt %q, want misquote=%v", m.Excerpt, tc.misquote)
			}
			if got := m.Value > 0.15; got != tc.flagged {
				t.Errorf("value %.2f, want flagged=%v", m.Value, tc.flagged)
			}
		})
	}
}

func TestContradictedNumber(t *testing.T) {
	sys := msg(trajectory.RoleSystem, "Knowledge: The Vela 2 has a capacity of 3,800 mAh and charges at 20 W. It weighs 190 grams.")
	for _, tc := range []struct {
		name, user, answer string
		want               bool
	}{
		{"another value of a stated quantity", "What is its capacity?", "It has a capacity of 4,500 mAh.", true},
		{"the stated value", "What is its capacity?", "It has a capacity of 3,800 mAh.", false},
		{"a quantity the knowledge does not state", "How long does it last?", "It lasts about 12 hours.", false},
		// Numbers the user gives are a problem to compute from, not
		// knowledge to contradict.
		{"a computed answer to the user's numbers", "I have 2 phones of 190 grams and 3 of 150 grams. Total weight?", "Together they weigh 830 grams.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, sys, msg(trajectory.RoleUser, tc.user), msg(trajectory.RoleAssistant, tc.answer))
			if got := strings.HasPrefix(m.Excerpt, ContradictionPrefix); got != tc.want {
				t.Errorf("excerpt %q (value %.2f), want contradiction=%v", m.Excerpt, m.Value, tc.want)
			}
		})
	}
}

// TestContradictedPercentAndMonth: a percentage is a quantity ("8%" and
// "18%" state the same one), and a month the knowledge does not name while
// it dates things is another date.
func TestContradictedPercentAndMonth(t *testing.T) {
	sys := msg(trajectory.RoleSystem, "REPORT: Q3 revenue was 4.1M EUR, up 8% from Q2. The Oslo office opened in August.")
	for _, tc := range []struct {
		name, user, answer string
		want               bool
	}{
		{"another percentage", "How much did revenue grow?", "Revenue grew 18% in Q3.", true},
		{"the stated percentage", "How much did revenue grow?", "Revenue grew 8% in Q3.", false},
		{"a percentage the user gave", "Is 5% growth a quarter realistic?", "Growing 5% every quarter would be fast for this business.", false},
		{"another month", "When did the Oslo office open?", "The Oslo office opened in June.", true},
		{"the stated month", "When did the Oslo office open?", "It opened in August.", false},
		{"may is a verb", "When did the Oslo office open?", "It may have opened in August.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, sys, msg(trajectory.RoleUser, tc.user), msg(trajectory.RoleAssistant, tc.answer))
			if got := strings.HasPrefix(m.Excerpt, ContradictionPrefix); got != tc.want {
				t.Errorf("excerpt %q (value %.2f), want contradiction=%v", m.Excerpt, m.Value, tc.want)
			}
		})
	}
}

// TestContradictedYear: a year the knowledge does not give while it dates
// things in other years is another date, unless the user gave a year to
// compute from.
func TestContradictedYear(t *testing.T) {
	sys := msg(trajectory.RoleSystem, "Document: The Harbor Bridge opened in 1932 after eight years of construction. It is 1,149 meters long.")
	for _, tc := range []struct {
		name, user, answer string
		want               bool
	}{
		{"another year", "When did the bridge open?", "The bridge opened in 1936.", true},
		{"the stated year", "When did the bridge open?", "It opened in 1932.", false},
		{"a year computed from the user's", "If I visited in 1990, how old was the bridge?", "It was 58 years old in 1990, having opened in 1932.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, sys, msg(trajectory.RoleUser, tc.user), msg(trajectory.RoleAssistant, tc.answer))
			if got := strings.HasPrefix(m.Excerpt, ContradictionPrefix); got != tc.want {
				t.Errorf("excerpt %q (value %.2f), want contradiction=%v", m.Excerpt, m.Value, tc.want)
			}
		})
	}
	no := msg(trajectory.RoleSystem, "Document: The Harbor Bridge is 1,149 meters long and carries eight lanes.")
	if m := run(FabricatedReference{}, no, msg(trajectory.RoleUser, "When did it open?"), msg(trajectory.RoleAssistant, "It opened in 1932.")); strings.HasPrefix(m.Excerpt, ContradictionPrefix) {
		t.Errorf("a year where the knowledge gives none: %q, want no contradiction", m.Excerpt)
	}
}

// TestContradictedName: a name the knowledge does not hold, for a role the
// knowledge names someone else for, is another name than the one given.
func TestContradictedName(t *testing.T) {
	sys := msg(trajectory.RoleSystem, "Document: The bridge was designed by engineer John Bradfield and built by the firm Dorman Long.")
	for _, tc := range []struct {
		name, answer string
		want         bool
	}{
		{"another engineer", "It was designed by engineer Ralph Freeman.", true},
		{"another firm", "It was built by the firm Arrol Brothers.", true},
		{"the stated engineer", "It was designed by engineer John Bradfield.", false},
		{"a name for a role the knowledge does not fill", "Its opening was attended by premier Jack Lang.", false},
		{"a name starting a sentence", "Freeman is often credited, but the document names Bradfield.", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := run(FabricatedReference{}, sys, msg(trajectory.RoleUser, "Who designed and built the bridge?"), msg(trajectory.RoleAssistant, tc.answer))
			if got := strings.HasPrefix(m.Excerpt, ContradictionPrefix); got != tc.want {
				t.Errorf("excerpt %q (value %.2f), want contradiction=%v", m.Excerpt, m.Value, tc.want)
			}
		})
	}
}

func TestCertainty(t *testing.T) {
	for _, tc := range []struct {
		text   string
		lo, hi float64
	}{
		{"This is definitely the answer, guaranteed, without a doubt.", 0.75, 1},
		{"I'm not sure, but it may be the second one; it seems likely.", 0, 0.3},
		{"The capital of France is Paris.", 0.5, 0.5},
		{"To kill a Python process, run kill -9 with its PID.", 0.5, 0.5},
	} {
		t.Run(tc.text, func(t *testing.T) {
			v := run(Certainty{}, msg(trajectory.RoleAssistant, tc.text)).Value
			if v < tc.lo || v > tc.hi {
				t.Errorf("certainty %.2f, want [%.2f, %.2f]", v, tc.lo, tc.hi)
			}
		})
	}
}

func TestToolErrorIgnored(t *testing.T) {
	call := trajectory.Message{Role: trajectory.RoleAssistant, ToolCalls: []trajectory.ToolCall{{Name: "get_balance"}}}
	for _, tc := range []struct {
		name   string
		result trajectory.Message
		answer string
		lo, hi float64
	}{
		{"flagged error, confident answer", trajectory.Message{Role: trajectory.RoleTool, Content: "connection reset", IsError: true}, "Your balance is definitely $1,240.", 0.6, 1},
		{"error text, plain answer", msg(trajectory.RoleTool, "Error: account service unavailable (503)"), "Your balance is $1,240.", 0.5, 1},
		{"error acknowledged", msg(trajectory.RoleTool, "Error: account service unavailable (503)"), "Sorry, I couldn't fetch your balance: the service returned an error.", 0, 0.2},
		{"success", msg(trajectory.RoleTool, `{"balance": 1240}`), "Your balance is $1,240.", 0, 0},
		{"data mentioning errors", msg(trajectory.RoleTool, strings.Repeat("log line: request ok; ", 10)+"error.log rotated"), "Logs look fine.", 0, 0},
		// An empty search result: specifics made it up, "none" reports it.
		{"empty result, specifics", msg(trajectory.RoleTool, "[]"), "Your balance is $1,240 after the refund from Acme.", 0.5, 1},
		{"empty result reported", msg(trajectory.RoleTool, "No results found."), "I couldn't find any account for you.", 0, 0.2},
		{"empty result, none", msg(trajectory.RoleTool, "[]"), "You have no accounts yet.", 0, 0.2},
		{"empty result, clear", msg(trajectory.RoleTool, "[]"), "Nope, your calendar is clear tomorrow.", 0, 0.2},
		{"silent success of an action", msg(trajectory.RoleTool, ""), "Done, the transfer is queued.", 0, 0},
		{"rate limited", msg(trajectory.RoleTool, `{"ok": false, "message": "rate limit exceeded"}`), "Your balance is $1,240.", 0.5, 1},
		{"a long log that ends in a traceback", msg(trajectory.RoleTool, strings.Repeat("INFO fetching page\n", 30)+"Traceback (most recent call last):\n  File \"x.py\", line 3\nConnectionError: reset"), "Your balance is $1,240.", 0.5, 1},
		{"a long log that ends well", msg(trajectory.RoleTool, strings.Repeat("INFO fetching page\n", 30)+"Note: done"), "Your balance is $1,240.", 0, 0},
		{"an empty JSON listing", msg(trajectory.RoleTool, `{"results": [], "total": 0, "next": null}`), "Your balance is $1,240 after the refund from Acme.", 0.5, 1},
		{"an empty error list", msg(trajectory.RoleTool, `{"status": "ok", "errors": [], "balance": 1240}`), "Your balance is $1,240.", 0, 0},
		{"a count of none", msg(trajectory.RoleTool, "Retrieved 0 documents."), "Your balance is $1,240 after the refund from Acme.", 0.5, 1},
		{"a count of none, a condition not an absence", msg(trajectory.RoleTool, "Retrieved 0 documents."), "Refunds are allowed within 14 days if the download has not started.", 0.5, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := run(ToolErrorIgnored{}, msg(trajectory.RoleUser, "What's my balance?"), call, tc.result, msg(trajectory.RoleAssistant, tc.answer)).Value
			if v < tc.lo || v > tc.hi {
				t.Errorf("value %.2f, want [%.2f, %.2f]", v, tc.lo, tc.hi)
			}
		})
	}
}

func TestSelfContradiction(t *testing.T) {
	for _, tc := range []struct {
		name          string
		first, second string
		user          string
		want          float64
	}{
		{"negation flip", "Raw cassava is safe to eat.", "Raw cassava is not safe to eat.", "Tell me more.", vNegationFlip},
		{"different number", "The bridge spans 1280 meters.", "It is long: 1450 meters in all.", "Go on.", 0},
		{"restated with another number", "The bridge spans 1280 meters across the bay.", "Yes, the bridge spans 1450 meters across the bay.", "Go on.", vRestated},
		{"restated inside a longer sentence", "The free tier allows 100 requests per minute per API key.", "Since the free tier allows 1,000 requests per minute, you're unlikely to hit it.", "What if I go over?", vRestated},
		{"restated as an owned correction", "Mount Everest is about 7,800 meters tall.", "You are right, my mistake: Mount Everest is 8,849 meters tall.", "Are you sure?", vNumberChange},
		{"same frame, another subject", "The school spent 46 yuan per volleyball, 1058 yuan on volleyballs.", "Thus, the school spent 2070 yuan on basketballs.", "And basketballs?", vNumberChange},
		{"user changed the quantity", "The recipe needs 250 grams of flour.", "Then it needs 500 grams of flour.", "What if I double the flour grams?", 0},
		{"different topics", "Paris is the capital of France.", "Python lists are mutable.", "And Python?", 0},
		{"another count of the same thing", "Saturn's rings have seven main divisions, and Titan is its largest moon.", "Of Saturn's nine main divisions, the B ring is the brightest.", "Which ring is brightest?", vRestated},
		{"the same count", "Saturn's rings have seven main divisions.", "Of Saturn's seven main divisions, the B ring is the brightest.", "Which ring is brightest?", 0},
		{"another subject's count", "Mars has two moons.", "Jupiter has 95 known moons.", "And Jupiter?", 0},
		{"a count the user changed", "Invite Ana and Tom: two guests.", "With Ana, Tom and Lee, that makes three guests.", "Add Lee to the guests.", 0},
		{"arithmetic words are no nouns", "Plan A costs 200 times 2 plus 50 times 8.", "Plan A costs 200 times 8 plus 50 times 2.", "And for 8 adults?", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := run(SelfContradiction{}, msg(trajectory.RoleUser, "Question?"), msg(trajectory.RoleAssistant, tc.first),
				msg(trajectory.RoleUser, tc.user), msg(trajectory.RoleAssistant, tc.second)).Value
			if v != tc.want {
				t.Errorf("value %.2f, want %.2f", v, tc.want)
			}
		})
	}
}

// tinyGroundingModel trains the grounding model on hand-written fixtures:
// copied answers are supported, invented ones are not.
func tinyGroundingModel(t testing.TB) *model.Model {
	t.Helper()
	know := "Knowledge: The Eiffel Tower was completed in 1889 and is 330 metres tall. It was designed by Gustave Eiffel's company for the World's Fair."
	supported := []string{
		"The Eiffel Tower was completed in 1889 for the World's Fair.",
		"It is 330 metres tall and was designed by Gustave Eiffel's company.",
		"Yes, it was completed in 1889.",
	}
	invented := []string{
		"I visited it last summer with my brother and we loved the food there!",
		"It was painted gold in 1920 by Napoleon's engineers, I think you would like it.",
		"My favourite tower is in Tokyo. Have you been to Japan?",
	}
	var ex []model.Example
	for range 5 {
		for i, s := range append(append([]string{}, supported...), invented...) {
			_, texts := GroundingFeatures([]trajectory.Message{msg(trajectory.RoleSystem, know), msg(trajectory.RoleUser, "Tell me about the tower."), msg(trajectory.RoleAssistant, s)})
			ex = append(ex, model.Example{Text: texts[0], Label: i >= len(supported)})
		}
	}
	m, err := model.Train(GroundingModel, model.Featurizer{Dim: 1 << 10, WordN: 1}, ex, model.TrainOptions{Epochs: 20})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestUngrounded(t *testing.T) {
	if _, err := NewUngrounded(&signal.Env{Models: model.NewSet()}); err == nil {
		t.Fatal("a missing model must be an error")
	}
	s, err := NewUngrounded(&signal.Env{Models: model.NewSet(tinyGroundingModel(t))})
	if err != nil {
		t.Fatal(err)
	}
	sys := msg(trajectory.RoleSystem, "Knowledge: The Louvre opened in 1793 and holds about 35,000 works of art, including the Mona Lisa.")
	user := msg(trajectory.RoleUser, "What is in the Louvre?")
	copied := run(s, sys, user, msg(trajectory.RoleAssistant, "The Louvre holds about 35,000 works of art, including the Mona Lisa."))
	invented := run(s, sys, user, msg(trajectory.RoleAssistant, "I went there with my sister in 2004 and the cafeteria served amazing crepes."))
	if copied.Value >= invented.Value {
		t.Errorf("copied %.2f must score below invented %.2f", copied.Value, invented.Value)
	}
	if !strings.Contains(invented.Excerpt, "sister") {
		t.Errorf("excerpt %q should name unsupported words", invented.Excerpt)
	}
	if v := run(s, user).Value; v != 0 {
		t.Errorf("user turns measure 0, got %.2f", v)
	}
}

func TestNumberHash(t *testing.T) {
	for _, tc := range [][2]string{{"98.70", "98.7"}, {"1200.0", "1200"}, {"1,200.00", "1200"}, {"3.50", "3.5"}} {
		if wordHash(tc[0]) != wordHash(tc[1]) {
			t.Errorf("%s and %s must hash alike", tc[0], tc[1])
		}
	}
	if wordHash("3.05") == wordHash("3.5") {
		t.Error("3.05 is not 3.5")
	}
}

func TestKnowledgeBytes(t *testing.T) {
	article := strings.Repeat("The city council approved the new budget on Tuesday. Spending on parks rises by 12 percent while road repairs get 4 million dollars. ", 4)
	request := strings.Repeat("I want you to act as my assistant and you must answer in character. I will ask you questions and you will write long replies for me. ", 4)
	for _, tc := range []struct {
		name string
		m    trajectory.Message
		want bool
	}{
		{"persona system prompt", msg(trajectory.RoleSystem, "You are a helpful assistant.\n\nYou are going to debate with me. Your stance is: cats are better than dogs."), false},
		{"instructions", msg(trajectory.RoleSystem, "Always answer briefly.\n- Don't make assumptions.\n- Use the provided tools."), false},
		{"knowledge section", msg(trajectory.RoleSystem, "You are a support bot.\nKnowledge: Refunds take 14 days and are sent to the original card."), true},
		{"facts after a persona", msg(trajectory.RoleSystem, "You are a concierge. The hotel pool opens at 7am and closes at 10pm."), true},
		{"tool result", msg(trajectory.RoleTool, "balance: 1200"), true},
		{"pasted article", msg(trajectory.RoleUser, article), true},
		{"long request addressed to the model", msg(trajectory.RoleUser, request), false},
		{"short user turn", msg(trajectory.RoleUser, "What is the capital of France?"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := KnowledgeBytes(&tc.m) > 0; got != tc.want {
				t.Errorf("KnowledgeBytes > 0 = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestMarkClaims(t *testing.T) {
	for _, tc := range []struct {
		text   string
		claims bool
	}{
		{"I will now search for the file.", false},
		{"Let me check your calendar. Would you like me to book it?", false},
		{"Certainly! I'd be happy to help.", false},
		{"<thinking>The user wants a refund of 30 dollars.</thinking>", false},
		{"I cannot help with that. Violence is never the answer.", false},
		{"The refund of 30 dollars was sent to Alice on Monday.", true},
		{"Let me check. The meeting is at 10am in Room 4.", true},
	} {
		t.Run(tc.text, func(t *testing.T) {
			toks := tokenize(tc.text, nil)
			if got := markClaims(tc.text, toks) > 0; got != tc.claims {
				t.Errorf("claims %v, want %v", got, tc.claims)
			}
		})
	}
}

func TestWordHashForms(t *testing.T) {
	for _, tc := range [][2]string{
		{"Internationalization", "internationalization"},
		{"ABCDEFGHIJKLMNOP", "abcdefghijklmnop"},
		{"Müller", "müller"},
		{"don't", "DON'T"},
		{"reports", "report"},
		{"Alice's", "alice"},
		{"19th", "19"},
		{"2nd", "2"},
		// Words are cut to their first six letters (a truncation stemmer).
		{"delivered", "delivery"},
		{"deliveries", "delivering"},
	} {
		if wordHash(tc[0]) != wordHash(tc[1]) {
			t.Errorf("%q and %q must hash alike", tc[0], tc[1])
		}
	}
	if wordHash("abcdef") == wordHash("abcdeg") || wordHash("ab") == wordHash("ba") || wordHash("deliver") == wordHash("delight") {
		t.Error("different words must hash apart")
	}
}

func TestEachURL(t *testing.T) {
	s := "See https://example.com/a, then www.test.org/x and http://foo.bar/baz?q=1. Not httpd:// or www.; also https://www.site.io/p."
	var got []string
	eachURL(s, strings.Contains(s, "www."), func(start, end int) { got = append(got, s[start:end]) })
	want := "https://example.com/a|www.test.org/x|http://foo.bar/baz?q=1|https://www.site.io/p"
	if strings.Join(got, "|") != want {
		t.Errorf("urls %q, want %q", strings.Join(got, "|"), want)
	}
}

// TestIntroducedDocument: a short text after a line that introduces it is
// a document to answer from; the same text with no introduction, or a
// short request, is not.
func TestIntroducedDocument(t *testing.T) {
	article := "The city council voted 7-2 on Tuesday to approve a new bike lane on Main Street. Construction will start in March and is expected to take four months. Forty parking spaces will be kept."
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"introduced", "Summarize this article:\n\n" + article, true},
		{"not introduced", article, false},
		{"a colon with nothing after it", "Summarize this article:", false},
		{"a long first line", strings.Repeat("word ", 30) + ":\n" + article, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := KnowledgeBytes(&trajectory.Message{Role: trajectory.RoleUser, Content: tc.text}) > 0
			if got != tc.want || IntroducesDocument(tc.text) != tc.want {
				t.Errorf("document %v, introduced %v; want %v", got, IntroducesDocument(tc.text), tc.want)
			}
		})
	}
}
