package harm

// Concept tokens let the request harm model generalize past the words it was
// trained on: every content word of a request that names a harm category
// ("counterfeit" -> fraud) or a benign domain ("minecraft" -> game, "cake"
// -> food) adds one token for its concept to the text the model reads, so
// the weight learned for a concept from a few training words carries to
// every word of the lexicon. The lexicons are generic vocabulary, not
// examples of any dataset.

// conceptPrefix starts every concept token; it is not an English word, so
// it never collides with the request's own words.
const conceptPrefix = "zqc"

// benignDomains maps words to benign domains in which scary verbs are
// idioms or fiction ("kill a process", "beat the boss in a game", "a bomb of
// a cake").
var benignDomains = map[string]string{
	// Games and play.
	"game": "game", "minecraft": "game", "fortnite": "game", "skyrim": "game", "zelda": "game", "pokemon": "game",
	"chess": "game", "fallout": "game", "gta": "game", "roblox": "game", "sims": "game", "overwatch": "game",
	"dungeons": "game", "dragons": "game", "d&d": "game", "boss": "game", "level": "game", "quest": "game",
	"rubik": "game", "puzzle": "game", "videogame": "game", "gaming": "game", "player": "game", "cube": "game",
	"halo": "game", "tetris": "game", "poker": "game", "card": "game", "board": "game", "mario": "game",
	// Food and parties.
	"cake": "food", "cookie": "food", "cocktail": "food", "recipe": "food", "bake": "food", "baking": "food",
	"cook": "food", "cooking": "food", "dish": "food", "salad": "food", "watermelon": "food", "flavor": "food",
	"flavour": "food", "dessert": "food", "bread": "food", "pizza": "food", "soup": "food", "steak": "food",
	"chicken": "food", "egg": "food", "cheese": "food", "chocolate": "food", "drink": "food", "smoothie": "food",
	"party": "food", "halloween": "food", "christmas": "food", "birthday": "food", "decoration": "food",
	// Computing.
	"process": "tech", "thread": "tech", "script": "tech", "code": "tech", "server": "tech", "linux": "tech",
	"python": "tech", "terminal": "tech", "database": "tech", "docker": "tech", "git": "tech", "file": "tech",
	"webpage": "tech", "html": "tech", "css": "tech", "javascript": "tech", "java": "tech", "command": "tech",
	"program": "tech", "browser": "tech", "tab": "tech", "app": "tech", "laptop": "tech", "computer": "tech",
	"windows": "tech", "excel": "tech", "spreadsheet": "tech", "cell": "tech", "link": "tech", "bug": "tech",
	"query": "tech", "sql": "tech", "function": "tech", "loop": "tech", "cd": "tech", "photoshop": "tech",
	"image": "tech", "photo": "tech", "picture": "tech", "text": "tech", "font": "tech", "pixel": "tech",
	// Self-improvement and work idioms.
	"time": "idiom", "habit": "idiom", "productivity": "idiom", "presentation": "idiom", "speech": "idiom",
	"audience": "idiom", "career": "idiom", "industry": "idiom", "market": "idiom", "interview": "idiom",
	"exam": "idiom", "procrastination": "idiom", "lifestyle": "idiom", "goal": "idiom", "deadline": "idiom",
	"enthusiasm": "idiom", "joy": "idiom", "motivation": "idiom", "confidence": "idiom", "stress": "idiom",
	"boredom": "idiom", "competition": "idiom", "team": "idiom", "meeting": "idiom", "business": "idiom",
	"drum": "idiom", "joke": "idiom", "ice": "idiom", "record": "idiom", "show": "idiom", "stage": "idiom",
	"workout": "idiom", "calorie": "idiom", "fat": "idiom", "weight": "idiom", "garden": "idiom",
	"lawn": "idiom", "balloon": "idiom", "camping": "idiom", "campfire": "idiom", "fireplace": "idiom",
	"novel": "idiom", "character": "idiom", "villain": "idiom", "movie": "idiom", "film": "idiom", "plot": "idiom",
}

// moreHarmWords extend harmCategories for the concept tokens: generic
// vocabulary of each harm category.
var moreHarmWords = map[string]string{
	"pistol": "weapons", "shotgun": "weapons", "silencer": "weapons", "suppressor": "weapons", "napalm": "weapons",
	"molotov": "weapons", "landmine": "weapons", "pipe-bomb": "weapons", "ied": "weapons", "thermite": "weapons",
	"nerve": "weapons", "sarin": "weapons", "anthrax": "weapons", "ricin": "weapons", "bioweapon": "weapons",
	"uranium": "weapons", "nuclear": "weapons", "dirty": "weapons", "ghost": "weapons", "untraceable": "weapons",
	"crack": "drugs", "opioid": "drugs", "opium": "drugs", "mdma": "drugs", "ecstasy": "drugs", "ketamine": "drugs",
	"xanax": "drugs", "oxycodone": "drugs", "marijuana": "drugs", "weed": "drugs", "psilocybin": "drugs", "dealer": "drugs",
	"smuggle": "drugs", "smuggling": "drugs", "cartel": "drugs", "high": "drugs",
	"spyware": "cyber", "trojan": "cyber", "rootkit": "cyber", "backdoor": "cyber", "brute": "cyber",
	"credential": "cyber", "bypass": "cyber", "jailbreak": "cyber", "wifi": "cyber", "break": "cyber",
	"shoot": "violence", "stabbing": "violence", "strangle": "violence", "choke": "violence", "beat": "violence",
	"abuse": "violence", "hostage": "violence", "terrorist": "violence", "terrorism": "violence", "massacre": "violence",
	"genocide": "violence", "revenge": "violence", "harm": "violence", "injure": "violence", "maim": "violence",
	"arson": "violence", "burn": "violence", "fire": "violence", "explode": "violence", "blow": "violence",
	"die": "self_harm", "cutting": "self_harm", "bulimia": "self_harm", "purge": "self_harm", "pills": "self_harm",
	"abortion": "medical", "surgery": "medical", "dosage": "medical", "prescription": "medical", "asbestos": "medical",
	"defibrillator": "medical", "diagnose": "medical", "medication": "medical", "alcohol": "medical",
	"underage": "sexual", "minor": "sexual", "erotic": "sexual", "nsfw": "sexual", "fetish": "sexual", "incest": "sexual",
	"bigot": "hate", "nazi": "hate", "jew": "hate", "muslim": "hate", "immigrant": "hate", "offensive": "hate",
	"insult": "hate", "stereotype": "hate", "derogatory": "hate", "bully": "hate", "harass": "hate", "harassment": "hate",
	"blackmail": "fraud", "extort": "fraud", "extortion": "fraud", "ponzi": "fraud", "pyramid": "fraud",
	"evade": "fraud", "evasion": "fraud", "cheat": "fraud", "plagiarize": "fraud", "bootleg": "fraud", "pirate": "fraud",
	"pirated": "fraud", "cracked": "fraud", "illegally": "fraud", "illegal": "fraud", "undetected": "fraud",
	"caught": "fraud", "secretly": "fraud", "without": "fraud",
	"contact": "privacy", "phone": "privacy", "email": "privacy", "whereabouts": "privacy", "location": "privacy",
	"live": "privacy", "medical": "privacy", "credit": "privacy", "social": "privacy",
	"security": "privacy", "private": "privacy", "personal": "privacy", "surveil": "privacy", "surveillance": "privacy",
	"lyrics": "copyright", "screenplay": "copyright", "chapter": "copyright", "verbatim": "copyright",
	"copy": "copyright", "full": "copyright", "entire": "copyright", "unreleased": "copyright", "sequel": "copyright",
	"proving": "misinformation", "prove": "misinformation", "confirming": "misinformation", "myth": "misinformation",
	"false": "misinformation", "debunked": "misinformation", "flat": "misinformation", "faked": "misinformation",
}

// conceptOf returns the harm category or benign domain of a content word
// with its kind ('h' harm, 'b' benign), or "".
func conceptOf(w string) (string, byte) {
	if c, ok := harmCategories[w]; ok {
		return c, 'h'
	}
	if c, ok := moreHarmWords[w]; ok {
		return c, 'h'
	}
	if c, ok := benignDomains[w]; ok {
		return c, 'b'
	}
	return "", 0
}

// RequestText appends to dst the text the request harm model reads for a
// request: the request, then its concept tokens (one per distinct concept,
// in order of first appearance).
func RequestText(text string, dst []byte) []byte {
	dst = append(dst, text...)
	var wbuf [maxTopicWords]string
	return appendConcepts(contentWords(text, wbuf[:0]), dst)
}

// appendConcepts appends the concept tokens of content words to dst.
func appendConcepts(words []string, dst []byte) []byte {
	var seen [16]string
	n := 0
outer:
	for _, w := range words {
		c, kind := conceptOf(w)
		if c == "" {
			continue
		}
		for _, s := range seen[:n] {
			if s == c {
				continue outer
			}
		}
		if n < len(seen) {
			seen[n] = c
			n++
		}
		dst = append(dst, ' ')
		dst = append(dst, conceptPrefix...)
		dst = append(dst, kind)
		for i := 0; i < len(c); i++ {
			if b := c[i]; b >= 'a' && b <= 'z' {
				dst = append(dst, b)
			}
		}
	}
	return dst
}
