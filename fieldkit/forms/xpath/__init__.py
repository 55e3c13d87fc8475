"""XPath 1.0 with the ODK XForms function library.

Quick use::

    from fieldkit.forms.xpath import evaluate
    evaluate("/data/a + 1", "<data><a>2</a></data>")          # 3.0

For a form runtime, compile once and evaluate against live nodes::

    expr = compile("/data/age >= 18")
    expr.evaluate(EvaluationContext(node), result="boolean")
    expr.references(context_path="/data/adult")             # {'/data/age'}

Modules: ``lexer``/``parser`` (text -> AST in ``expressions``), ``compiler``
(AST -> closures), ``values`` (conversions, comparisons), ``functions`` (the
function registry), ``nodes`` (the node interface), ``references``
(dependency analysis), ``dates`` (ODK date handling).

Semantics are XPath 1.0's (existential node-set comparisons, boolean() of a
node-set is "non-empty") with the ODK function library on top. Deliberate
choices where ODK clients disagree or XPath is silent:

* number() also converts date/dateTime strings to days since 1970-01-01 (ODK
  spec), so dates compare and subtract; offsets are kept for display only
  (wall-clock semantics, see ``dates``).
* No exponent, '+' or ',' in number(): "1e3" and "1,5" are NaN; a number
  written in an expression may have an exponent (``1e3``), as JavaRosa's
  parser allows.
* ``=`` and ``!=`` call numbers equal closer than 1e-12 (JavaRosa's
  XPathEqExpr), so ``6.1 - 7.8 = -1.7`` is true.
* string() of a number prints the shortest round-trip digits without exponent.
* sum() is XPath 1.0's (a blank node makes it NaN); min()/max() are NaN if
  any value is; concat()/join() use every node of a node-set argument.
* regex() matches anywhere (as JavaRosa's find()); anchor with ^...$ for a full
  match. It runs with a time limit (``functions.REGEX_TIMEOUT``): a pattern that
  backtracks without end fails to evaluate instead of freezing the screen.
* checklist()/weighted-checklist() count factors as JavaRosa's toBoolean():
  a non-empty string is true, a number if it is not 0; a node counts its typed
  value (``Node.typed_value``: a number for a numeric field of a form).
* boolean-from-string() is true only for 'true' and '1' (case-sensitive);
  count-non-empty() counts only nodes with a value of their own (not groups);
  decimal-date-time() of text reads only a date or dateTime; randomize() with a
  negative seed takes Java's remainder.
* instance('id') returns the secondary instance's document node, so
  ``instance('id')/root/item`` works; absolute paths always mean the primary
  instance, even in predicates.
* version() and jr:itext() need the form (the session passes them in the
  context); evaluate() alone says they are not known.
* An expression nests at most ``parser.MAX_NESTING`` (100) levels deep
  (parentheses, function calls, predicates); deeper is a syntax error, never a
  RecursionError. Long operator chains (a sum of thousands of terms) are fine.
* Not implemented: id(), property(), the namespace axis and variables (clear
  errors).
"""

from .api import CompiledExpression, compile, convert, evaluate
from .context import EvaluationContext, system_clock
from .errors import XPathError, XPathEvaluationError, XPathSyntaxError
from .nodes import ElementTreeNode, Node, NodeKind, parse_xml, wrap_element
from .parser import parse

__all__ = [
    "CompiledExpression",
    "ElementTreeNode",
    "EvaluationContext",
    "Node",
    "NodeKind",
    "XPathError",
    "XPathEvaluationError",
    "XPathSyntaxError",
    "compile",
    "convert",
    "evaluate",
    "parse",
    "parse_xml",
    "system_clock",
    "wrap_element",
]
