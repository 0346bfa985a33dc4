// tlog-check verifies a transparency log's signed checkpoints and proofs with the Go libraries
// the transparency-log world uses (golang.org/x/mod/sumdb/note, transparency-dev/formats and
// transparency-dev/merkle), so that MAPPA Link's own Python is checked by code it did not write.
// See README.md for the commands.
package main

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/transparency-dev/formats/log"
	"github.com/transparency-dev/merkle/proof"
	"github.com/transparency-dev/merkle/rfc6962"
	"golang.org/x/mod/sumdb/note"
)

const usage = `usage: tlog-check -key VERIFIER_KEY [-origin ORIGIN] open|inclusion|consistency < input
       tlog-check keygen NAME

  open         stdin: one signed checkpoint; prints "<size> <base64 root>"
  inclusion    stdin: JSON objects {"checkpoint", "leaf", "index", "proof"}; prints "ok" or the error, one line each
  consistency  stdin: JSON objects {"old", "new", "proof"}; prints "ok" or the error, one line each
  keygen       prints a new Ed25519 signer key, then its verifier key, one a line (note.GenerateKey)

The exit status is 0 when everything verified, 1 otherwise, 2 on a usage error.
`

type request struct {
	Checkpoint string   `json:"checkpoint"`
	Leaf       string   `json:"leaf"`
	Index      uint64   `json:"index"`
	Old        string   `json:"old"`
	New        string   `json:"new"`
	Proof      []string `json:"proof"`
}

type checker struct {
	verifier note.Verifier
	origin   string
	opened   map[string]*log.Checkpoint
}

func (c *checker) open(text string) (*log.Checkpoint, error) {
	if cp, ok := c.opened[text]; ok {
		return cp, nil
	}
	cp, _, _, err := log.ParseCheckpoint([]byte(text), c.origin, c.verifier)
	if err != nil {
		return nil, err
	}
	c.opened[text] = cp
	return cp, nil
}

func decodeAll(encoded []string) ([][]byte, error) {
	out := make([][]byte, len(encoded))
	for i, e := range encoded {
		b, err := base64.StdEncoding.DecodeString(e)
		if err != nil {
			return nil, fmt.Errorf("proof hash %d: %w", i, err)
		}
		out[i] = b
	}
	return out, nil
}

func (c *checker) inclusion(r request) error {
	cp, err := c.open(r.Checkpoint)
	if err != nil {
		return err
	}
	leaf, err := base64.StdEncoding.DecodeString(r.Leaf)
	if err != nil {
		return fmt.Errorf("leaf hash: %w", err)
	}
	hashes, err := decodeAll(r.Proof)
	if err != nil {
		return err
	}
	return proof.VerifyInclusion(rfc6962.DefaultHasher, r.Index, cp.Size, leaf, hashes, cp.Hash)
}

func (c *checker) consistency(r request) error {
	old, err := c.open(r.Old)
	if err != nil {
		return fmt.Errorf("old checkpoint: %w", err)
	}
	cur, err := c.open(r.New)
	if err != nil {
		return fmt.Errorf("new checkpoint: %w", err)
	}
	hashes, err := decodeAll(r.Proof)
	if err != nil {
		return err
	}
	return proof.VerifyConsistency(rfc6962.DefaultHasher, old.Size, cur.Size, hashes, old.Hash, cur.Hash)
}

// each runs check on every JSON object of stdin, printing one line per object.
func each(check func(request) error) int {
	status := 0
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	dec := json.NewDecoder(bufio.NewReader(os.Stdin))
	for {
		var r request
		err := dec.Decode(&r)
		if errors.Is(err, io.EOF) {
			return status
		}
		if err != nil {
			fmt.Fprintln(out, "error: reading the input:", err)
			return 1
		}
		if err := check(r); err != nil {
			// One line per verdict: some of the libraries' errors span lines.
			fmt.Fprintln(out, "error:", strings.Join(strings.Fields(err.Error()), " "))
			status = 1
		} else {
			fmt.Fprintln(out, "ok")
		}
	}
}

func main() {
	flag.Usage = func() { fmt.Fprint(os.Stderr, usage) }
	key := flag.String("key", "", "the log's verifier key (name+hex key id+base64 key)")
	origin := flag.String("origin", "", "the checkpoint's origin line (default: the key's name)")
	flag.Parse()
	if flag.NArg() == 2 && flag.Arg(0) == "keygen" {
		skey, vkey, err := note.GenerateKey(rand.Reader, flag.Arg(1))
		if err != nil {
			fmt.Fprintln(os.Stderr, "error:", err)
			os.Exit(1)
		}
		fmt.Printf("%s\n%s\n", skey, vkey)
		return
	}
	if *key == "" || flag.NArg() != 1 {
		flag.Usage()
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(*key)
	if err != nil {
		fmt.Fprintln(os.Stderr, "error: the verifier key:", err)
		os.Exit(2)
	}
	if *origin == "" {
		*origin = verifier.Name()
	}
	c := &checker{verifier: verifier, origin: *origin, opened: map[string]*log.Checkpoint{}}

	switch flag.Arg(0) {
	case "open":
		text, err := io.ReadAll(os.Stdin)
		if err == nil {
			var cp *log.Checkpoint
			if cp, err = c.open(string(text)); err == nil {
				fmt.Printf("%d %s\n", cp.Size, base64.StdEncoding.EncodeToString(cp.Hash))
				return
			}
		}
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	case "inclusion":
		os.Exit(each(c.inclusion))
	case "consistency":
		os.Exit(each(c.consistency))
	default:
		flag.Usage()
		os.Exit(2)
	}
}
