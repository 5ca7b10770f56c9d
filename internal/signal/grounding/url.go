package grounding

import "strings"

// eachURL calls fn with every URL-like substring of s (http(s):// or www.),
// in order. It looks for "://" (rare in text, unlike the letter h) and for
// "www." only when s has one.
func eachURL(s string, fn func(u string)) {
	www := strings.Contains(s, "www.")
	for i := 0; i < len(s); {
		start := -1
		if j := strings.Index(s[i:], "://"); j >= 0 {
			j += i
			switch {
			case j >= 5 && s[j-5:j] == "https":
				start = j - 5
			case j >= 4 && s[j-4:j] == "http":
				start = j - 4
			}
			if start < 0 || start < i {
				if www {
					if k := strings.Index(s[i:j], "www."); k >= 0 {
						i = emitURL(s, i+k, fn)
						continue
					}
				}
				i = j + 3
				continue
			}
		}
		if www {
			lim := len(s)
			if start >= 0 {
				lim = start
			}
			if k := strings.Index(s[i:lim], "www."); k >= 0 {
				i = emitURL(s, i+k, fn)
				continue
			}
		}
		if start < 0 {
			return
		}
		i = emitURL(s, start, fn)
	}
}

// emitURL calls fn with the URL starting at s[start] and returns its end.
func emitURL(s string, start int, fn func(u string)) int {
	end := start
	for end < len(s) && !urlStop[s[end]] {
		end++
	}
	u := s[start:end]
	for len(u) > 0 && urlTrail[u[len(u)-1]] {
		u = u[:len(u)-1] // strings.TrimRight(u, ".,;:!?*") without building its set
	}
	if len(u) > 10 {
		fn(u)
	}
	return max(end, start+4)
}

// urlTrail marks the punctuation trimmed from the end of a URL.
var urlTrail = func() (t [256]bool) {
	for _, c := range []byte(".,;:!?*") {
		t[c] = true
	}
	return
}()

// urlStop marks the bytes that end a URL.
var urlStop = func() (t [256]bool) {
	for _, c := range []byte(" \t\n\r\"'<>()[]{}`|") {
		t[c] = true
	}
	return
}()

// urlKeys returns hashes of a URL's host and of the whole URL, normalized
// (scheme, "www." and a trailing slash dropped, lower-cased).
func urlKeys(u string) (host, full uint64) {
	u = strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://")
	u = strings.TrimPrefix(u, "www.")
	u = strings.TrimRight(u, "/")
	h := uint64(fnvOffset)
	host = 0
	for i := 0; i < len(u); i++ {
		c := u[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c == '/' && host == 0 {
			host = h | 1
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	if host == 0 {
		host = h | 1
	}
	return host, h | 1
}
