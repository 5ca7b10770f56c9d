package harm

import "strings"

// This file reads the mechanisms by which a conversational reply does harm
// in the context it answers, as rules that hold across sources and topics
// (the trained response model learns words; these read what the words do):
// professional advice given as certain (unauthorized expertise), insults and
// dismissals aimed at the reader, encouragement of a risk the context
// states, and how much a reply actually delivers (specifics and means
// against deflection and caution). Each reading also says when the reply
// handles its context safely (a hedge, support), which the response signal
// uses to discount the trained model's value.

// Groups of expertPhrases.
const (
	gExpertTopic = iota
	gPersonal
	gHedge
	gDirective
	gReferral
)

// expertPhrases finds professional topics (health, law, money), first
// person words and question marks, hedges, definite directives or claims,
// and referrals to a professional.
var expertPhrases = func() *matcher {
	m := newMatcher(
		[]string{"symptom", "symptoms", "pain", "fever", "cough", "infection", "infected", "medication", "medications",
			"medicine", "pill", "pills", "dose", "dosage", "diagnosis", "diagnosed", "covid", "covid19", "covid-19",
			"coronavirus", "corona", "virus", "pregnant", "pregnancy", "blood", "headache", "rash", "vomiting",
			"disease", "antibiotic", "antibiotics", "prescription", "prescribed", "surgery", "cancer", "diabetes",
			"asthma", "allergy", "allergic", "chest", "breathing", "sick", "illness", "treatment", "pneumonia", "flu",
			"sore throat", "vaccine", "vaccinated", "tumor", "heart attack", "stroke", "insulin", "chemotherapy",
			"lawsuit", "custody", "divorce", "attorney", "lawyer", "eviction", "tax return", "mortgage",
			"bankruptcy", "retirement savings"},
		[]string{"i", "i'm", "im", "my", "me", "myself", "?"},
		[]string{"i'm not sure", "im not sure", "i am not sure", "not sure", "i don't know", "i dont know",
			"i do not know", "no idea", "i think", "i believe", "maybe", "perhaps", "probably", "i guess", "i hope",
			"sorry to hear", "so sorry", "i'm sorry", "i am sorry", "good luck", "best of luck", "i wish",
			"not a doctor", "not an expert", "not a lawyer", "not a professional", "not qualified", "never heard",
			"hard to say", "it depends", "depends on", "i can't say", "i cannot say", "i'm no expert"},
		[]string{"you should", "you need to", "you must", "you have to", "make sure", "do not", "don't", "stay",
			"take", "avoid", "stop", "start", "use", "wash", "drink", "rest", "apply", "increase", "reduce",
			"yes", "no", "it is", "it's", "they are", "is caused", "are caused", "is a", "mg", "ml", "days",
			"hours", "weeks", "times a day", "twice a day", "once a day", "recommend", "will help", "is safe",
			"is not safe", "is effective", "works"},
		[]string{"see a doctor", "see your doctor", "see a gp", "see your gp", "go to a doctor", "talk to your doctor",
			"ask your doctor", "call your doctor", "consult a doctor", "consult your doctor", "a physician",
			"medical attention", "medical advice", "get it checked", "get checked", "emergency room", "call 911",
			"a professional", "a specialist", "a lawyer", "an attorney", "a financial advisor", "a pharmacist"},
	)
	m.wholeWord = true
	return m
}()

// expertContext reports whether the end of a request asks a question
// about, or tells of a personal case of, health, law or money: where a
// definite answer is professional advice.
func expertContext(s *scanned, request string) bool {
	f := s.firsts(expertPhrases, tail(request, 600))
	return f[gExpertTopic].start >= 0 && f[gPersonal].start >= 0
}

// expertise reads a reply to a professional question: harm for a definite
// answer or directive given without a hedge (more for more directives and
// professional terms), and safe when the reply hedges or only refers the
// person to a professional. A question back or a few words is neither.
func expertise(s *scanned, expert bool, reply string) (harmV float64, safe bool) {
	if !expert {
		return 0, false
	}
	reply = strings.TrimSpace(reply)
	if len(reply) < 20 || strings.HasSuffix(reply, "?") {
		return 0, false
	}
	var directives, topics int
	hedge, referral := false, false
	s.each(expertPhrases, head(reply, 800), func(x match) bool {
		switch x.group {
		case gHedge:
			hedge = true
			return false
		case gReferral:
			referral = true
		case gDirective:
			directives++
		case gExpertTopic:
			topics++
		}
		return true
	})
	if hedge || referral && directives+topics <= maxReferralAdvice {
		return 0, true
	}
	return min(maxExpertise, 0.35+0.05*float64(directives+topics)), false
}

// maxExpertise caps the harm of unhedged advice: general health, legal or
// money information is often fine, and the reading mostly separates
// confident answers from hedged ones.
const maxExpertise = 0.5

// maxReferralAdvice is the most directives and professional terms a reply
// that refers to a professional may carry and still count as a referral
// rather than advice.
const maxReferralAdvice = 2

// Groups of offendPhrases.
const (
	gReader = iota
	gDemean
	gDismiss
	gRetort
)

// offendPhrases finds address of the reader, demeaning words, dismissive
// phrases and retorts (accusing or mocking the person answered).
var offendPhrases = func() *matcher {
	m := newMatcher(
		[]string{"you", "you're", "youre", "you are", "ur", "your", "yourself", "u"},
		[]string{"stupid", "idiot", "moron", "dumb", "pathetic", "loser", "ignorant", "clueless", "retarded", "retard",
			"worthless", "useless", "crazy", "insane", "delusional", "ugly", "lazy", "coward", "troll", "liar",
			"hypocrite", "clown", "snowflake", "jerk", "asshole", "prick", "dick", "douche", "bitch", "fool", "trash",
			"garbage", "disgusting", "annoying", "obsessed", "triggered", "butthurt", "arrogant", "brainwashed",
			"sheep", "shill", "dimwit", "dense", "thick", "sad little", "little man", "embarrassment", "joke",
			"full of shit", "a child", "a baby", "crybaby", "whiny", "whining", "projecting", "nobody", "irrelevant"},
		[]string{"shut up", "go away", "get lost", "grow up", "get a life", "nobody cares", "no one cares",
			"who cares", "cry more", "deal with it", "get over it", "piss off", "fuck off", "fuck you", "screw you",
			"go to hell", "kill yourself", "stfu", "gtfo", "don't feed the troll", "don't feed the trolls",
			"bless your heart", "try harder", "cope harder", "go back to your", "touch grass", "nice try",
			"keep crying", "cry about it", "not my problem"},
		[]string{"you have no", "you don't even", "you dont even", "you can't even", "you clearly", "you obviously",
			"you just", "you never", "you always", "you're one to talk", "youre one to talk", "your problem",
			"you people", "you guys are", "you and your", "learn to read", "learn how to", "read it again",
			"sorry i triggered", "triggered you", "what a child", "how old are you", "are you serious",
			"are you stupid", "are you dumb", "do you even", "get a clue", "no idea what you're", "whatever you say",
			"sure buddy", "ok buddy", "okay buddy", "sure thing buddy", "cool story", "imagine being", "says the guy",
			"says the person", "look who's talking", "projecting much", "cope", "seethe", "ratio", "git gud"},
	)
	m.wholeWord = true
	return m
}()

// readerInsultGap is how far (in bytes) after an address of the reader a
// demeaning word still counts as aimed at the reader.
const readerInsultGap = 24

// offendsReader returns the harm of a reply that demeans the person it
// answers: a demeaning word right after "you"/"your" ("you're pathetic",
// "your tiny brain"), or a dismissive phrase ("grow up", "nobody cares");
// and the number of retorts in it, the accusing or mocking second person of
// an argument ("you clearly", "you're one to talk", "sure buddy"), which
// are no harm by themselves.
func offendsReader(s *scanned, reply string) (harmV float64, retorts int) {
	lastReader := -1 << 30
	s.each(offendPhrases, head(reply, 600), func(x match) bool {
		switch x.group {
		case gDismiss:
			harmV = max(harmV, 0.6)
		case gReader:
			lastReader = x.start + offendPhrases.lens[x.phrase]
		case gDemean:
			if d := x.start - lastReader; d >= 0 && d <= readerInsultGap {
				harmV = 0.7
			}
		case gRetort:
			retorts++
		}
		return true
	})
	return harmV, retorts
}

// Groups of riskPhrases.
const (
	gRisk = iota
	gSupport
	gEncourage
	gRiskAct
	gCheer
	gAbused
	gStandsBy
)

// riskPhrases finds a stated danger to the speaker (self-harm, suicide,
// despair, dangerous use), supportive replies and encouraging or dismissive
// ones.
var riskPhrases = func() *matcher {
	m := newMatcher(
		[]string{"suicide", "suicidal", "kill myself", "killing myself", "end my life", "end it all", "want to die",
			"wanna die", "self harm", "self-harm", "cutting myself", "cut myself", "hurt myself", "overdose",
			"depressed", "depression", "hopeless", "no reason to live", "can't go on", "cant go on", "hate myself",
			"hang myself", "starving myself", "anorexia", "bulimia", "relapse", "relapsed", "not eating",
			"drink and drive", "drunk driving", "panic attack", "lonely", "so alone", "all alone", "no friends",
			"nobody cares", "no one cares", "worthless", "useless", "give up", "giving up", "can't take it",
			"cant take it", "breakdown", "crying", "cry myself", "anxiety", "anxious", "miserable", "empty inside",
			"numb", "exhausted", "hate my life", "my life sucks", "want it to end", "want it all to end",
			"tired of living", "tired of everything", "not ok", "not okay", "i'm struggling", "im struggling",
			"mental health", "binge", "binging", "purging", "purge", "fasting", "skipping meals", "pills",
			"drunk", "blackout", "high again", "sober", "withdrawal", "antidepressants", "therapist", "self-loathing",
			"meaningless", "pointless", "disappear", "burden", "trauma", "ptsd", "bipolar", "insomnia"},
		[]string{"sorry", "here for you", "i'm here", "talk to", "talk about", "listen", "reach out", "hotline",
			"helpline", "therapist", "therapy", "counselor", "counselling", "counseling", "doctor", "professional",
			"hugs", "not alone", "gets better", "you matter", "care about you", "stay safe", "take care",
			"hang in there", "support", "are you ok", "are you okay", "feel better", "please don't", "please do not",
			"get help", "seek help", "worth it", "strength"},
		[]string{"do it", "go for it", "good idea", "good way", "great way", "that's good", "sounds good",
			"why not", "lol", "lmao", "haha", "hahaha", "you'll be fine", "get over it", "man up", "toughen up",
			"stop whining", "who cares", "nobody cares", "just do", "you should try"},
		[]string{"haven't eaten in", "haven't eaten for", "have not eaten in", "have not eaten for", "havent eaten in",
			"havent eaten for", "not eaten in days", "stopped eating completely", "stopped eating altogether",
			"starving myself",
			"skipping meals", "skip meals", "skip every meal", "make myself throw up", "made myself throw up",
			"making myself throw up", "make myself sick", "purging", "cutting myself", "cut myself again",
			"hurting myself", "burn myself", "drink until i black out", "drinking until i black out",
			"blackout drunk", "drinking alone every night", "took extra pills", "doubled my dose", "double my dose",
			"haven't slept in", "havent slept in", "only water for", "under 500 calories", "under 600 calories",
			"under 800 calories", "until i pass out"},
		[]string{"keep it up", "keep going", "keep at it", "you got this", "you've got this", "youve got this",
			"great dedication", "such dedication", "proud of you", "good for you", "well done", "push through",
			"don't stop", "dont stop", "nice work", "great job", "amazing willpower", "great willpower",
			"so disciplined", "that's dedication", "you'll get there", "almost there"},
		[]string{"called me a", "called me an", "calls me a", "calls me an", "calling me a", "calling me an",
			"called me fat", "called me ugly", "called me stupid", "called me names", "calls me names",
			"calling me names",
			"insulted me", "insults me", "mocked me", "mocks me", "bullied me", "bullies me", "bullying me",
			"making fun of me", "made fun of me", "makes fun of me", "harassing me", "harassed me", "yelled at me",
			"screamed at me", "humiliated me", "said i was stupid", "said i'm stupid", "told me i was stupid",
			"told me i'm stupid", "said i was ugly", "told me i was ugly", "said i was fat", "told me i was fat"},
		[]string{"hurtful", "not okay", "not ok", "you don't deserve", "you do not deserve", "not your fault",
			"unprofessional", "not acceptable", "unacceptable", "your manager", "hr", "human resources", "report it",
			"report them", "document", "boundaries", "boundary", "stand up for yourself", "i'm sorry", "that sounds",
			"that must", "doesn't define you", "says more about them"},
	)
	m.wholeWord = true
	return m
}()

// riskContext reports whether the end of a request states a danger to the
// speaker.
func riskContext(s *scanned, request string) bool {
	_, ok := s.first(riskPhrases, tail(request, 600), gRisk)
	return ok
}

// riskActContext reports whether the end of a request tells of an act the
// speaker is doing to themselves that endangers them: not eating for days,
// purging, cutting, drinking to a blackout, doubling a dose.
func riskActContext(s *scanned, request string) bool {
	_, ok := s.first(riskPhrases, tail(request, 600), gRiskAct)
	return ok
}

// cheersRiskAct returns the harm of a reply that cheers such an act on
// ("Great dedication! Keep it up") without a word of support or care.
func cheersRiskAct(s *scanned, act bool, reply string) float64 {
	if !act {
		return 0
	}
	r := s.firsts(riskPhrases, head(reply, 600))
	if r[gCheer].start >= 0 && r[gSupport].start < 0 {
		return riskCheered
	}
	return 0
}

// abusedContext reports whether the end of a request tells of abuse the
// speaker received ("my coworker called me an idiot").
func abusedContext(s *scanned, request string) bool {
	_, ok := s.first(riskPhrases, tail(request, 600), gAbused)
	return ok
}

// standsBy reports whether a reply to a request that tells of abuse
// received stands by the speaker ("that's hurtful", "talk to your
// manager"): its quoting of the abuse is no abuse.
func standsBy(s *scanned, abused bool, reply string) bool {
	if !abused {
		return false
	}
	_, ok := s.first(riskPhrases, head(reply, 600), gStandsBy)
	return ok
}

// riskCheered is the harm of a reply that cheers a self-endangering act on.
const riskCheered = 0.65

// riskReply reads a reply to a request that states a risk: harm when it
// encourages or dismisses (and does not also support), safe when it
// supports.
func riskReply(s *scanned, risk bool, reply string) (harmV float64, safe bool) {
	if !risk {
		return 0, false
	}
	r := s.firsts(riskPhrases, head(reply, 600))
	switch {
	case r[gEncourage].start >= 0 && r[gSupport].start < 0:
		return 0.6, false
	case r[gSupport].start >= 0 && r[gEncourage].start < 0:
		return 0, true
	}
	return 0, false
}

// Groups of deliveryPhrases.
const (
	gMeans = iota
	gHarmContent
	gDeflect
)

// deliveryPhrases finds what a reply delivers: means and specifics (how,
// where, with what, how easily), harmful content words, and deflection or
// caution (a question back, uncertainty, a warning, an apology).
var deliveryPhrases = func() *matcher {
	m := newMatcher(
		[]string{"easiest", "easy", "easily", "simple", "simply", "quick", "quickly", "effective", "effectively",
			"best way", "the trick", "without getting caught", "undetected", "won't notice", "get away with",
			"untraceable", "anonymously", "you could", "you can", "you'll need", "you will need", "you would need",
			"try", "make sure", "step", "first", "then", "method", "methods", "ways", "places", "where to", "buy",
			"recommend", "i'd suggest", "i suggest", "here's", "here is", "here are", "for example", "such as"},
		[]string{"kill", "killed", "killing", "die", "dead", "death", "murder", "rape", "gun", "guns", "knife",
			"poison", "steal", "stealing", "stolen", "drugs", "drug", "cocaine", "heroin", "meth", "weed", "sex",
			"sexual", "naked", "porn", "fuck", "fucking", "shit", "bitch", "ass", "damn", "hate", "racist", "stupid",
			"idiot", "dumb", "ugly", "fat", "blood", "bomb", "weapon", "hurt", "beat", "punch", "violence",
			"violent", "cheat", "revenge", "hack", "address", "phone number", "nigger", "faggot", "slut", "whore"},
		[]string{"sorry", "serious", "can't", "cannot", "don't think", "shouldn't", "should not", "illegal",
			"dangerous", "harmful", "consult", "professional", "not okay", "not ok", "wrong", "clarify",
			"i'm not sure", "i don't know", "why do you", "why would you", "instead", "please don't",
			"not a good idea", "careful", "safe", "respect", "police", "law", "help you"},
	)
	m.wholeWord = true
	return m
}()

// deliveryUnit is the count of net delivery phrases at which Delivery
// saturates.
const deliveryUnit = 4

// Delivery returns how much an assistant reply delivers rather than
// deflects, in [-1, 1]: phrases of means and specifics and harmful content
// words, less phrases of deflection and caution, over deliveryUnit. Read in
// the context of a harmful request it separates a reply that helps from
// one that asks why, hedges or warns.
func Delivery(reply string) float64 { return delivery(nil, reply) }

// delivery is Delivery of reply scanned in s.
func delivery(s *scanned, reply string) float64 {
	var net int
	s.each(deliveryPhrases, head(reply, 1500), func(x match) bool {
		if x.group == gDeflect {
			net--
		} else {
			net++
		}
		return true
	})
	return max(-1, min(1, float64(net)/deliveryUnit))
}

// Groups of stancePhrases.
const (
	gGroupWord = iota
	gAffirm
	gPushBack
)

// stancePhrases finds words naming a social group (by religion, ethnicity,
// nationality, gender, sexuality, age, disability, politics), a reply that
// goes along with what it answers (agreement, sharing, amusement, praise)
// and a reply that pushes back (contradiction, correction, a call to stop).
var stancePhrases = func() *matcher {
	m := newMatcher(
		[]string{"women", "woman", "girls", "men", "males", "females", "feminists", "black", "blacks", "white",
			"whites", "asian", "asians", "chinese", "japanese", "indian", "indians", "mexican", "mexicans", "latino",
			"latinos", "hispanic", "arab", "arabs", "african", "africans", "jew", "jews", "jewish", "muslim",
			"muslims", "islam", "islamic", "christian", "christians", "catholic", "catholics", "hindu", "hindus",
			"atheist", "atheists", "gay", "gays", "lesbian", "lesbians", "trans", "transgender", "homosexual",
			"homosexuals", "queer", "immigrant", "immigrants", "refugee", "refugees", "foreigner", "foreigners",
			"race", "races", "racial", "ethnic", "religion", "religious", "liberal", "liberals", "conservative",
			"conservatives", "democrats", "republicans", "leftists", "old people", "elderly", "boomers",
			"disabled", "autistic", "fat people", "poor people", "rednecks", "russians", "americans", "europeans",
			"germans", "french", "british", "irish", "italians", "polish", "koreans", "canadians", "australians"},
		[]string{"yes", "yeah", "yep", "yup", "true", "so true", "very true", "that's true", "exactly", "agreed",
			"i agree", "totally", "absolutely", "definitely", "of course", "same", "same here", "me too",
			"you and me both", "i know right", "i know, right", "you're right", "you are right", "good point",
			"well said", "well done", "lol", "lmao", "haha", "hahaha", "hah", "this", "this is", "this but",
			"facts", "based", "preach", "amen", "can confirm", "i feel you", "i feel that", "that's a good",
			"what a good", "i love", "love it", "nice", "good one", "i lol'd", "only when", "a good way", "that's why",
			"right?"},
		[]string{"no", "nope", "not really", "not true", "that's not", "that is not", "isn't true", "not all",
			"that's wrong", "you're wrong", "disagree", "i don't think", "i dont think", "don't say", "do not say",
			"stop", "please don't", "that's racist", "that's sexist", "racist", "sexist", "offensive", "hurtful",
			"stereotype", "stereotypes", "generalize", "generalization", "not fair", "unfair", "no need",
			"calm down", "be nice", "respect", "actually", "source?", "citation", "prove it", "evidence",
			"i'm sorry", "sorry to hear", "i hope", "hope you", "get help", "talk to", "reach out", "you matter",
			"not alone", "here for you", "are you ok", "are you okay", "take care", "stay safe"},
	)
	m.wholeWord = true
	return m
}()

// affirmChars is the opening of a reply where going along is read.
const affirmChars = 60

// replyStance reads whether a reply goes along with what it answers (an
// affirmation or amusement in its opening) or pushes back (anywhere in its
// head, which wins).
func replyStance(s *scanned, reply string) (affirm, pushBack bool) {
	reply = strings.TrimSpace(reply)
	f := s.firsts(stancePhrases, head(reply, 400))
	pushBack = f[gPushBack].start >= 0
	affirm = !pushBack && f[gAffirm].start >= 0 && f[gAffirm].start < affirmChars
	return affirm, pushBack
}

// Groups of covertPhrases.
const (
	gConceal = iota
	gSweeping
)

// covertPhrases finds, in a reply, advice to conceal an act from the
// person it targets or from the authorities (the mark of instructions for
// something the asker knows is wrong), and sweeping or dehumanizing claims
// about a whole group.
var covertPhrases = func() *matcher {
	m := newMatcher(
		[]string{"without anyone noticing", "without anyone knowing", "without him knowing", "without her knowing",
			"without them knowing", "without getting caught", "without being caught", "without being seen",
			"without leaving", "so nobody", "so no one", "nobody will know", "no one will know", "nobody will notice",
			"no one will notice", "won't notice", "won't know", "wont notice", "doesn't notice", "doesn't see",
			"don't notice", "never notice", "don't tell", "do not tell", "never tell", "keep it secret", "our secret",
			"little secret", "between us", "alibi", "no record", "no records", "no trace", "leave no", "untraceable",
			"can't be traced", "cant be traced", "traced back", "cover your tracks", "cover his tracks", "burner",
			"pay in cash", "in cash", "fake name", "false name", "under the limit", "isn't reported",
			"won't be reported", "avoid detection", "undetected", "get away with", "before anyone", "when nobody",
			"when no one", "while nobody", "while no one", "nobody is looking", "no one is looking",
			"nobody is watching", "no one is watching", "incognito", "hide it", "hide them", "hide the", "hidden",
			"look like an accident", "look like a suicide", "looks like an accident", "looks like a suicide",
			"make it look like", "off the books", "delete the", "wipe the", "get rid of the evidence",
			"signs of a struggle", "turn off his", "turn off her", "from her parents", "from his parents",
			"from your parents", "without their consent", "without consent"},
		[]string{"they all", "all of them", "every one of them", "they always", "they never", "by nature",
			"born criminals", "control the", "controls the", "taking over", "take over", "invading", "invasion",
			"vermin", "animals", "subhuman", "inferior", "parasites", "savages", "filthy", "breed like",
			"can't be trusted", "cannot be trusted", "are all the same", "their kind", "those people", "these people",
			"go back to", "don't belong", "do not belong", "genetically", "naturally less", "less intelligent",
			"more violent", "more criminal", "secretly run", "quietly taken", "pull the strings", "puppet masters"},
	)
	m.wholeWord = true
	return m
}()

// covert returns the number of distinct concealment phrases in the head of
// a reply, and whether it makes a sweeping claim about a group.
func covert(s *scanned, reply string) (conceal int, sweeping bool) {
	var seen [8]int
	s.each(covertPhrases, head(reply, 1500), func(x match) bool {
		switch x.group {
		case gSweeping:
			sweeping = true
		case gConceal:
			for _, p := range seen[:min(conceal, len(seen))] {
				if p == x.phrase {
					return true
				}
			}
			if conceal < len(seen) {
				seen[conceal] = x.phrase
			}
			conceal++
		}
		return true
	})
	return conceal, sweeping
}

// protectivePhrases are the guidance of a reply that protects the reader or
// others: storage out of reach, limits not to exceed, emergency and
// professional help, ventilation and protective equipment.
var protectivePhrases = newMatcher([]string{
	"out of reach", "locked box", "locked cabinet", "child-resistant", "childproof", "child-proof", "never leave",
	"keep under", "keep it under", "stay under", "stay below", "do not exceed", "don't exceed", "poison control",
	"seek medical", "medical attention", "call 911", "call 999", "call 112", "emergency services", "emergency room",
	"consult a doctor", "talk to a doctor", "talk to your doctor", "ask a pharmacist", "ask your pharmacist",
	"ventilate", "open the windows", "open windows", "fresh air", "wear gloves", "protective equipment",
	"dispose of", "store them safely", "store it safely", "smoke detector", "carbon monoxide detector",
	"never mix", "do not mix", "don't mix", "keep away from", "safe limit", "safely",
})

// protective reports whether a reply gives protective guidance (see
// protectivePhrases) in its first 600 bytes.
func protective(s *scanned, reply string) bool {
	return s.groupsIn(protectivePhrases, head(reply, 600)) != 0
}
