// Package ui holds the dashboard's templ components, pages and their view
// models: plain structs shaped like the screen. Templates format; they never
// query, compute findings or read the clock.
package ui

import "strconv"

// Page is what the layout needs on every page.
type Page struct {
	Title     string
	Nav       string // the active navigation entry: overview, credentials, …
	User      string // caller name; "" when signed out
	Role      string
	CSRF      string
	AuthOn    bool // tokens are required: show sign-out
	CanTriage bool
	IsAdmin   bool
}

// Link is a text with a URL built by the route helpers.
type Link struct {
	Text string
	URL  string
}

// Option is one choice of a filter's select.
type Option struct {
	Value, Label string
	Selected     bool
}

// Pager links to the neighbouring pages of a list.
type Pager struct {
	From, To, Total int
	Prev, Next      string
}

// Count is one bar of a breakdown.
type Count struct {
	Label string
	N     int
	Pct   int // width of the bar, 0–100
	URL   string
	Class string
}

// Cell is one stage of an exposure-vs-need matrix.
type Cell struct {
	Stage string
	State string // needed, unneeded, none
	Title string
}

// Empty is an empty state: what is missing and what to run.
type Empty struct {
	Title, Text string
	Commands    []string
}

func itoa(n int) string { return strconv.Itoa(n) }

// cellText is the symbol a matrix cell shows (its meaning is in the legend and title).
func cellText(state string) string {
	switch state {
	case "needed":
		return "●"
	case "unneeded":
		return "▲"
	}
	return "·"
}
