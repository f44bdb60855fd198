// Package feeds follows news feeds: it fetches RSS 2.0, Atom, JSON Feed
// and sitemap documents politely and safely (conditional GET, robots.txt,
// a per-host rate, size and redirect limits, no private addresses unless
// allowed), turns their entries into articles (reading the article page
// when an entry carries only a teaser), drops the ones already seen by GUID,
// URL or content hash, and hands the rest to the ingest pipeline. A Poller
// polls the sources a store keeps, each on its schedule, with exponential
// backoff on errors and a lease so that several workers sharing a store
// never fetch one source twice at once.
package feeds
