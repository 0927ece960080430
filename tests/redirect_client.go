// Go's net/http client as most programs use it, for the redirect guide's measurements.
//
// Usage: redirect_client MODE URL, where MODE is
//
//	post      a POST with the form body probe=1 (http.Post)
//	PUT, PATCH, DELETE
//	          that method, with the body probe=1 except for DELETE (http.NewRequest, Client.Do)
//	get       a GET (http.Get)
//	twice     the same GET twice, with one client
//	auth      a GET carrying "Authorization: Bearer guide-probe"
//
// Redirects are followed as the default client does; an error (a redirect limit reached) is
// printed, and the exit status stays 0: the test reads what reached the server.
package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"
)

const form = "application/x-www-form-urlencoded"

func main() {
	mode, url := os.Args[1], os.Args[2]
	client := &http.Client{Timeout: 20 * time.Second}
	var err error
	switch mode {
	case "post":
		err = done(client.Post(url, form, strings.NewReader("probe=1")))
	case "PUT", "PATCH", "DELETE":
		var body io.Reader
		if mode != "DELETE" {
			body = strings.NewReader("probe=1")
		}
		err = send(client, mode, url, body, "")
	case "get":
		err = done(client.Get(url))
	case "twice":
		if err = done(client.Get(url)); err == nil {
			err = done(client.Get(url))
		}
	case "auth":
		err = send(client, "GET", url, nil, "Bearer guide-probe")
	default:
		err = fmt.Errorf("unknown mode %q", mode)
	}
	if err != nil {
		fmt.Println(err)
	}
}

func send(client *http.Client, method, url string, body io.Reader, authorization string) error {
	request, err := http.NewRequest(method, url, body)
	if err != nil {
		return err
	}
	if body != nil {
		request.Header.Set("Content-Type", form)
	}
	if authorization != "" {
		request.Header.Set("Authorization", authorization)
	}
	return done(client.Do(request))
}

func done(response *http.Response, err error) error {
	if err != nil {
		return err
	}
	defer response.Body.Close()
	_, err = io.Copy(io.Discard, response.Body)
	return err
}
