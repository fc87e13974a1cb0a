package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"time"
)

// PKI holds the paths of the certificates and keys `up` generates for one cluster run.
type PKI struct {
	CACert, CAKey                   string
	APIServerCert, APIServerKey     string // serving cert of kube-apiserver
	KubeletClientCert, KubeletClKey string // kube-apiserver -> kubelet client cert
	KubeletCert, KubeletKey         string // serving cert of the stand-in kubelet
	SAKey, SAPub                    string // service-account token signing key pair
}

type keyPair struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func generatePKI(dir string) (*PKI, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, err
	}
	p := &PKI{}
	path := func(n string) string { return filepath.Join(dir, n) }
	ca, err := newCert(nil, &x509.Certificate{
		Subject: pkix.Name{CommonName: "realcluster-ca"}, IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	})
	if err != nil {
		return nil, err
	}
	p.CACert, p.CAKey = path("ca.crt"), path("ca.key")
	if err := writePair(ca, p.CACert, p.CAKey); err != nil {
		return nil, err
	}
	loopback := []net.IP{net.ParseIP("127.0.0.1"), net.ParseIP("::1")}
	serving := func(cn string, dns []string, ips []net.IP) *x509.Certificate {
		return &x509.Certificate{Subject: pkix.Name{CommonName: cn}, DNSNames: dns, IPAddresses: ips,
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	}
	specs := []struct {
		tmpl      *x509.Certificate
		cert, key *string
		name      string
	}{
		{serving("kube-apiserver", []string{"localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
			"kubernetes.default.svc.cluster.local"}, append(loopback, net.ParseIP("10.96.0.1"))),
			&p.APIServerCert, &p.APIServerKey, "apiserver"},
		{&x509.Certificate{Subject: pkix.Name{CommonName: "kube-apiserver-kubelet-client", Organization: []string{"system:masters"}},
			KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}},
			&p.KubeletClientCert, &p.KubeletClKey, "apiserver-kubelet-client"},
		{serving("realcluster-kubelet", []string{"localhost"}, loopback), &p.KubeletCert, &p.KubeletKey, "kubelet"},
	}
	for _, s := range specs {
		kp, err := newCert(ca, s.tmpl)
		if err != nil {
			return nil, err
		}
		*s.cert, *s.key = path(s.name+".crt"), path(s.name+".key")
		if err := writePair(kp, *s.cert, *s.key); err != nil {
			return nil, err
		}
	}
	saKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	p.SAKey, p.SAPub = path("sa.key"), path("sa.pub")
	if err := writeKey(saKey, p.SAKey); err != nil {
		return nil, err
	}
	pub, err := x509.MarshalPKIXPublicKey(saKey.Public())
	if err != nil {
		return nil, err
	}
	return p, os.WriteFile(p.SAPub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: pub}), 0o600)
}

// newCert creates a key and a certificate from tmpl, signed by parent (self-signed if nil).
func newCert(parent *keyPair, tmpl *x509.Certificate) (*keyPair, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, err
	}
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		return nil, err
	}
	tmpl.SerialNumber = serial
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(365 * 24 * time.Hour)
	signer, issuer := crypto.Signer(key), tmpl
	if parent != nil {
		signer, issuer = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, issuer, key.Public(), signer)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	return &keyPair{cert: cert, key: key}, err
}

func writePair(kp *keyPair, certPath, keyPath string) error {
	if err := os.WriteFile(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: kp.cert.Raw}), 0o644); err != nil {
		return err
	}
	return writeKey(kp.key, keyPath)
}

func writeKey(key *ecdsa.PrivateKey, path string) error {
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		return err
	}
	return os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600)
}
