package runner

import (
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
)

// Dummy credentials of a dev run: letters and digits only, which DynamoDB
// Local requires of an access key ID.
const (
	devAccessKeyID     = "miglintdev"
	devSecretAccessKey = "miglintdevsecret"
	devRegion          = "us-east-1"
)

// CheckDevEndpoint accepts an http(s) URL whose host is on this machine:
// localhost, an address in 127.0.0.0/8, or [::1]. A dev run must not
// reach anything else, however the name resolves.
func CheckDevEndpoint(endpoint string) error {
	u, err := url.Parse(endpoint)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("dev endpoint %q is not an http:// or https:// URL; pass e.g. --endpoint http://127.0.0.1:8000", endpoint)
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Unmap().IsLoopback() {
		return nil
	}
	return fmt.Errorf("dev endpoint %q is not on this machine; a dev run only talks to a local DynamoDB (DynamoDB Local, dynalite) on localhost, 127.0.0.0/8 or [::1], so that it cannot touch a real table. Pass e.g. --endpoint http://127.0.0.1:8000; to run against AWS, use miglint run prod", endpoint)
}

// devEnv is the environment of a dev run: the parent's without any AWS_
// variable (no profile, session token, role, web identity, container
// credentials, config or credentials file, endpoint override), plus the
// loopback DynamoDB endpoint, dummy static credentials, a region (the
// parent's, else us-east-1), shared config and credentials files that do
// not exist (so that no profile of ~/.aws can load) and no instance
// metadata lookups.
func devEnv(parent []string, endpoint, tmp string) []string {
	region := lookupEnv(parent, "AWS_REGION")
	if region == "" {
		region = lookupEnv(parent, "AWS_DEFAULT_REGION")
	}
	if region == "" {
		region = devRegion
	}
	var env []string
	for _, kv := range parent {
		k, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(strings.ToUpper(k), "AWS_") || strings.EqualFold(k, EnvMode) {
			continue
		}
		env = append(env, kv)
	}
	return append(env,
		EnvMode+"=dev",
		"AWS_ENDPOINT_URL_DYNAMODB="+endpoint,
		"AWS_ACCESS_KEY_ID="+devAccessKeyID,
		"AWS_SECRET_ACCESS_KEY="+devSecretAccessKey,
		"AWS_REGION="+region,
		"AWS_CONFIG_FILE="+filepath.Join(tmp, "no-aws-config"),
		"AWS_SHARED_CREDENTIALS_FILE="+filepath.Join(tmp, "no-aws-credentials"),
		"AWS_EC2_METADATA_DISABLED=true",
	)
}

// prodEnv is the environment of a prod run: the parent's, with
// MIGLINT_ENV=prod.
func prodEnv(parent []string) []string {
	var env []string
	for _, kv := range parent {
		if k, _, _ := strings.Cut(kv, "="); strings.EqualFold(k, EnvMode) {
			continue
		}
		env = append(env, kv)
	}
	return append(env, EnvMode+"=prod")
}

// warnIfSilent warns when nothing accepts connections at a dev endpoint:
// the migration's DynamoDB calls would then fail after the SDK's retries.
// CheckDevEndpoint has made sure that the endpoint is on this machine.
func warnIfSilent(w io.Writer, endpoint string) {
	u, err := url.Parse(endpoint)
	if err != nil {
		return
	}
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[u.Scheme]
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return
	}
	var addrs []netip.Addr
	if strings.EqualFold(u.Hostname(), "localhost") {
		addrs = []netip.Addr{netip.AddrFrom4([4]byte{127, 0, 0, 1}), netip.IPv6Loopback()}
	} else if a, err := netip.ParseAddr(u.Hostname()); err == nil {
		addrs = []netip.Addr{a}
	}
	var firstErr error
	for _, a := range addrs {
		err := connectLoopback(netip.AddrPortFrom(a, uint16(n)))
		if err == nil {
			return
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr != nil {
		fmt.Fprintf(w, "miglint run: warning: nothing answers at %s (%v); start DynamoDB Local or dynalite there, or pass --endpoint\n", endpoint, firstErr)
	}
}
