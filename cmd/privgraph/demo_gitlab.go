package main

import "net/http"

// extraFakes returns the fake APIs besides GitHub's, by path prefix.
func extraFakes() map[string]http.Handler {
	return map[string]http.Handler{}
}
