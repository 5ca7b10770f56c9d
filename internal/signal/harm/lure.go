package harm

import "regexp"

// A reply that is a credential or payment lure written in someone else's
// name (the request asked for a message that passes as a bank's, a
// company's, a person's) is a phishing message whatever words the request
// used: PhishingLure finds it. A lure needs all three of a link (or a
// secret asked for), an action on the reader's account or money, and a
// threat or deadline; an
// awareness email names them without impersonating anyone. The cues are
// read in English, German, Spanish, French, Portuguese and Italian.
var (
	impersonation = regexp.MustCompile(`(?i)\b(?:looks?|appears?|seems?) (?:like it(?:'s| is| was| came)|to (?:be|come)|as if it(?:'s| is| was| came)) from\b|\bpretend(?:ing)? to be (?:from )?\w|\bposing as\b|\bimpersonat\w*|\bspoof\w*|\bfake (?:email|e-mail|message|notice|invoice|login page|website|text|sms|letter) (?:from|of)\b|\bas if (?:it|they) (?:were|was|came) from\b|\bin the name of\b|\bim namen (?:der|des|von)\b|\bals (?:ob sie|käme sie|wäre sie) von\b|\bsoll echt aussehen\b|\bque parezca (?:del?|de la|venir de)\b|\ben nombre de\b|\bhaciéndose pasar por\b|\bau nom de\b|\bqui (?:semble|a l'air de) venir de\b|\bse faisant passer pour\b|\bem nome d[eoa]s?\b|\bque pareça (?:vir )?d[eoa]s?\b|\bse passando por\b|\ba nome d(?:i|el|ella)\b|\bche sembri (?:venire )?d(?:i|el|ella)\b|\bfingendo(?:si)? di essere\b`)
	lureLink      = regexp.MustCompile(`(?i)https?://|\bwww\.|\b[a-z0-9-]+\.(?:com|net|org|io|co|info|biz|xyz|online|site)\b`)
	lureAction    = regexp.MustCompile(`(?i)\b(?:verify|confirm|validate) (?:your|the)\b|\b(?:log ?in|sign ?in)\b|\bupdate your (?:payment|billing|account|card|details|information)\b|\breset your password\b|\benter your\b|\bgift cards?\b|\bwire (?:the|a) (?:payment|transfer)\b|\bbestätigen sie\b|\b(?:ihre|deine) (?:pin|tan|zugangsdaten|kartennummer|passwort)\b|\b(?:einloggen|anmelden)\b|\b(?:introduzca|introduce|verifique|confirme|ingrese|digite) (?:su|tu|sua|seu)\b|\biniciar sesión|\b(?:confirmez|vérifiez|saisissez) votre\b|\bconnectez-vous\b|\b(?:conferma|verifica|inserisci) (?:il|la|i|le|tuo|tua|tuoi)\b|\baccedi\b`)
	lureSecret    = regexp.MustCompile(`(?i)\b(?:social security number|ssn|password|passcode|pin(?: number)?|card number|cvv|cvc|security code|verification code|one-time code|account number|routing number|mother's maiden name|medicare number|member id)\b`)
	lureThreat    = regexp.MustCompile(`(?i)\bwithin \d+ (?:hours?|days?|minutes?)\b|\bimmediately\b|\bsuspended\b|\blocked\b|\blapses?\b|\b(?:lose|losing) (?:your )?(?:benefits|coverage|account|access)\b|\b(?:will be|has been) (?:closed|terminated|deactivated|frozen)\b|\bpermanently\b|\burgent\b|\bexpires?\b|\bfinal notice\b|\binnerhalb von \d+ (?:stunden|tagen|minuten)\b|\bgesperrt\b|\bdringend\b|\bsofort\b|\bbloquead[ao]s?\b|\bsuspendid[ao]\b|\burgente\b|\bantes de \d+ horas\b|\bse cancelará|\bbloquée?|\bsuspendue?\b|\bimmédiatement\b|\bsous \d+ heures\b|\bsuspens[ao]\b|\bimediatamente\b|\bbloccat[oa]\b|\bsospes[oa]\b|\bentro \d+ ore\b|\bimmediatamente\b`)
)

// impersonationKeys finds the lower-case substrings one of which every
// impersonation match holds: the regexp runs only on requests with one.
var impersonationKeys = newMatcher([]string{"like it", "to be", "to come", "as if", "pretend", "posing as",
	"impersonat", "spoof", "fake ", "name of", "namen", "als ob", "als käme", "als wäre", "echt aussehen", "parezca",
	"nombre de", "pasar por", "nom de", "venir de", "passer pour", "nome d", "pareça", "passando por", "sembri", "fingendo"})

// Impersonates reports whether a request asks for a message that passes as
// someone else's.
func Impersonates(request string) bool { return impersonates(nil, request) }

// impersonates is Impersonates of request scanned in s.
func impersonates(s *scanned, request string) bool {
	h := head(request, foldChars)
	return anyPhraseIn(s, impersonationKeys, h) && impersonation.MatchString(h)
}

// PhishingLure reports whether a reply is a lure: a link or a secret to
// give (a phone script asks for the Social Security number itself), an
// action on the reader's account or money, and a threat or deadline (see
// Impersonates for the request that makes it a phishing message).
func PhishingLure(reply string) bool {
	h := head(reply, 2000)
	return (lureLink.MatchString(h) || lureSecret.MatchString(h)) && lureAction.MatchString(h) && lureThreat.MatchString(h)
}
