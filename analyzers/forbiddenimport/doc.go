// Package forbiddenimport defines an Analyzer that reports packages that
// import, directly or through other packages, something that a
// [[forbidden]] rule of importrules.toml forbids, unless an [[exception]]
// excuses the file; it also reports exceptions that excuse nothing.
//
// Each package exports a Reach fact: the import graph of everything it
// reaches, independent of any configuration, so that go vet (which shows
// a package only the facts of its direct imports) and the standalone
// checker see the same graph and report the same findings.
//
// # Analyzer forbiddenimport
//
// forbiddenimport: report imports, direct or through other packages, that an import rule forbids
//
// Each [[forbidden]] rule of importrules.toml names the packages it forbids
// (packages, minus the carve-outs in allow: the longest matching pattern
// wins; patterns match whole path segments, so ".../dynamodb" never matches
// ".../dynamodbstreams"), the packages it applies to (from; empty means the
// migrations) and the packages through which reaching a forbidden one is
// fine (via). A package that both packages and via name is forbidden. A
// package that a rule's packages, allow or via name is not itself checked
// against that rule.
//
// For each file of a package the rule applies to, and each forbidden package
// the file reaches, one finding is reported at the file's import that starts
// a shortest chain to it. With indirect = true (the default) chains follow
// imports of imports, through the module, third-party modules and the
// standard library alike, and stop at packages in allow or via and at the
// first forbidden package. The message names the rule, its message and the
// whole chain; a hop inside the directory of importrules.toml (the module
// root when there is none) shows the file:line of its import. Test files are
// not checked: they are not part of the program that runs.
//
// An [[exception]] excuses its file reaching the packages its import pattern
// names, directly or through a chain; a chain through an import that an
// exception excuses in another package is excused too (every file of that
// package importing the next hop must be excused). Past its expires date an
// exception excuses nothing, and the finding says when it expired. An
// exception that excuses nothing, because its file no longer reaches the
// import or is not checked, is reported at the package clause of that file
// when the file's package is analysed (so both miglint and go vet report
// it); an exception for a file that no analysed package holds is not.
//
// Packages in the module cache and the standard library are only
// summarised, never checked: their facts carry the import graph onward.
package forbiddenimport
