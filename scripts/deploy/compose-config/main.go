// compose-config prints a Compose project as `docker compose config` resolves it, with the same loader
// (compose-go): files from the arguments or the default names, the environment and .env interpolated,
// COMPOSE_PROFILES applied (a service of an inactive profile is left out), schema and consistency checked.
// Usage: compose-config [-format yaml|json] [file...]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	format := flag.String("format", "yaml", "output format: yaml or json")
	flag.Parse()
	options, err := cli.NewProjectOptions(flag.Args(),
		cli.WithOsEnv,
		cli.WithDotEnv,
		cli.WithConfigFileEnv,
		cli.WithDefaultConfigPath,
		cli.WithDefaultProfiles(),
		cli.WithInterpolation(true),
		cli.WithResolvedPaths(true),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	var out []byte
	switch *format {
	case "yaml":
		out, err = project.MarshalYAML()
	case "json":
		out, err = project.MarshalJSON()
	default:
		err = fmt.Errorf("unknown format %q (yaml or json)", *format)
	}
	if err != nil {
		fail(err)
	}
	fmt.Println(string(out))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "compose-config:", err)
	os.Exit(1)
}
