package runner

import (
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"path/filepath"
	"slices"
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
// credentials, config or credentials file, endpoint override, region),
// plus the loopback DynamoDB endpoint, dummy static credentials, a dummy
// region (the parent's would name a real account's region, and a
// migration that picks its table or a second client by region would act
// on it), shared config and credentials files that do not exist (so that
// no profile of ~/.aws can load) and no instance metadata lookups.
func devEnv(parent []string, endpoint, tmp string) []string {
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
		"AWS_REGION="+devRegion,
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

// shownAWS are the AWS_ variables whose values a prod prompt may print:
// each changes where a migration writes (region, endpoint, CA bundle) or
// as whom (profile, role, credential source), and none holds a secret.
// Any other AWS_ variable is named without its value: a secret (the secret
// key, a session token, a container authorization token) is never shown.
var shownAWS = map[string]bool{
	"AWS_PROFILE": true, "AWS_DEFAULT_PROFILE": true,
	"AWS_REGION": true, "AWS_DEFAULT_REGION": true,
	"AWS_ROLE_ARN": true, "AWS_ROLE_SESSION_NAME": true, "AWS_WEB_IDENTITY_TOKEN_FILE": true,
	"AWS_SHARED_CREDENTIALS_FILE": true, "AWS_CONFIG_FILE": true, "AWS_CA_BUNDLE": true,
	"AWS_CONTAINER_CREDENTIALS_FULL_URI": true, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": true,
	"AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": true,
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS":    true, "AWS_USE_FIPS_ENDPOINT": true, "AWS_USE_DUALSTACK_ENDPOINT": true,
	"AWS_EC2_METADATA_DISABLED": true, "AWS_EC2_METADATA_SERVICE_ENDPOINT": true, "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": true,
	"AWS_STS_REGIONAL_ENDPOINTS": true, "AWS_ACCOUNT_ID": true, "AWS_SDK_LOAD_CONFIG": true,
}

// proxyVars change the route of every request; their values may hold a
// password (http://user:pass@proxy), which is masked.
var proxyVars = []string{"HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"}

// describeAWS names every setting of env that decides where a prod run
// writes or as whom: each AWS_ variable (a known non-secret one with its
// value, the access key ID by its last four characters, any other by name
// only) and the proxy variables, in a stable order.
func describeAWS(env []string) string {
	vals := map[string]string{}
	var names []string
	for _, kv := range env {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || v == "" {
			continue
		}
		if _, seen := vals[k]; !seen {
			names = append(names, k)
		}
		vals[k] = v // the last one wins, as in exec
	}
	slices.Sort(names)
	var parts []string
	for _, k := range names {
		v := vals[k]
		switch {
		case !strings.HasPrefix(k, "AWS_"):
			continue
		case shownAWS[k] || strings.HasPrefix(k, "AWS_ENDPOINT_URL"):
			parts = append(parts, k+"="+maskURL(v))
		case k == "AWS_ACCESS_KEY_ID":
			parts = append(parts, k+"=..."+v[max(0, len(v)-4):])
		default:
			parts = append(parts, k+" (set; value not shown)")
		}
	}
	for _, k := range proxyVars {
		if v := vals[k]; v != "" {
			parts = append(parts, k+"="+maskURL(v))
		}
	}
	if len(parts) == 0 {
		return "the default AWS configuration (no AWS_ variable is set: ~/.aws, then instance or container credentials)"
	}
	return strings.Join(parts, ", ")
}

// maskURL hides the password of a URL's user information.
func maskURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		return v
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}
