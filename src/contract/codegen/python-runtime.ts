/**
 * The fixed part of the generated Python module (stdlib only): the exception classes of seed 002's SDK table,
 * Retry-After parsing, and readers for every built-in envelope. Mirrors src/formats/*.parse.
 */
export const PYTHON_RUNTIME = `
class APIError(Exception):
    """Base class of every error the API returns (all non-2xx responses)."""

    def __init__(self, status, code, message, request_id=None, details=None, headers=None, body=None, retry_after=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.details = details
        self.headers = headers or {}
        self.body = body
        self.retry_after = retry_after

    @property
    def retryable(self):
        return RETRY.get(self.code, _default_retry(self.status)) != "never"

    def __repr__(self):
        return "%s(status=%r, code=%r, message=%r, request_id=%r)" % (
            type(self).__name__, self.status, self.code, self.message, self.request_id)


class BadRequestError(APIError):
    """400 responses."""


class AuthenticationError(APIError):
    """401 responses."""


class PaymentRequiredError(APIError):
    """402 responses."""


class PermissionDeniedError(APIError):
    """403 responses."""


class NotFoundError(APIError):
    """404 responses."""


class ConflictError(APIError):
    """409 responses."""


class UnprocessableEntityError(APIError):
    """422 responses."""


class RateLimitError(APIError):
    """429 responses; retry_after holds the seconds to wait (from the Retry-After header)."""


class InternalServerError(APIError):
    """5xx responses."""


_CLASS_BY_STATUS = {
    400: BadRequestError,
    401: AuthenticationError,
    402: PaymentRequiredError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status):
    if status in _CLASS_BY_STATUS:
        return _CLASS_BY_STATUS[status]
    if status >= 500:
        return InternalServerError
    return APIError


def _default_retry(status):
    if status == 429:
        return "retry-after"
    if status == 408 or (status >= 500 and status != 501):
        return "backoff"
    return "never"


def _header(headers, name):
    if headers is None:
        return None
    getter = getattr(headers, "get", None)
    if getter is not None:
        value = getter(name)
        if value is None:
            value = getter(name.lower())
        if value is not None:
            return str(value)
    items = headers.items() if hasattr(headers, "items") else headers
    for key, value in items:
        if str(key).lower() == name.lower():
            return str(value)
    return None


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After value (delta-seconds or an HTTP date); None when absent or invalid."""
    if value is None:
        return None
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    try:
        seconds = float(text)
        if seconds >= 0:
            return seconds
    except ValueError:
        pass
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    current = time.time() if now is None else now
    return max(0, int(round(moment.timestamp() - current)))


def _json_body(body):
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        try:
            return json.loads(body) if body.strip() else None
        except ValueError:
            return body
    return body


def _str(value):
    return value if isinstance(value, str) else None


def _from_pointer(pointer):
    raw = pointer[1:] if pointer.startswith("#") else pointer
    if raw == "":
        return []
    return [_index(part.replace("~1", "/").replace("~0", "~")) for part in raw[1:].split("/")]


def _from_field(field):
    return [] if field == "" else [_index(part) for part in field.split(".")]


def _index(key):
    return int(key) if key.isdigit() and (key == "0" or not key.startswith("0")) else key


def _join_issues(rest, issues):
    if issues is None:
        return rest
    if isinstance(rest, dict):
        merged = dict(rest)
        merged["issues"] = issues
        return merged
    return {"issues": issues}


def _read_list(status, body):
    if not (isinstance(body, dict) and isinstance(body.get("errors"), list) and "data" in body):
        return None
    meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
    items = [item for item in body["errors"] if isinstance(item, dict)]
    if not items:
        return None
    first = items[0]
    code = _str(first.get("code"))
    details = first.get("details")
    if isinstance(first.get("field"), str):
        issues = [{"path": _from_field(item["field"]), "message": _str(item.get("message")) or ""}
                  for item in items if item.get("code") == code and isinstance(item.get("field"), str)]
        details = _join_issues(details, issues)
    return code, _str(first.get("message")) or "", details, _str(meta.get("requestId"))


def _read_status(status, body):
    if not (isinstance(body, dict) and body.get("status") == "error" and isinstance(body.get("error"), str)):
        return None
    rest = body.get("details")
    if isinstance(rest, dict) and not rest:
        rest = None
    issues = None
    if isinstance(body.get("errors"), list):
        issues = [{"path": _from_field(str(item.get("field", ""))), "message": item["message"]}
                  for item in body["errors"] if isinstance(item, dict) and isinstance(item.get("message"), str)]
    return body["error"], _str(body.get("message")) or "", _join_issues(rest, issues), _str(body.get("requestId"))


def _read_flat(status, body):
    if not (isinstance(body, dict) and isinstance(body.get("error"), str) and isinstance(body.get("code"), str)):
        return None
    return body["code"], body["error"], body.get("details"), _str(body.get("requestId"))


def _read_nested(status, body):
    inner = body.get("error") if isinstance(body, dict) else None
    if not (isinstance(inner, dict) and isinstance(inner.get("code"), str)):
        return None
    return inner["code"], _str(inner.get("message")) or "", inner.get("details"), _str(inner.get("requestId"))


def _read_plain(status, body):
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("error"), str):
        return PLAIN_STRING_CODE, body["error"], body.get("details"), _str(body.get("requestId"))
    inner = body.get("error")
    if isinstance(inner, dict) and isinstance(inner.get("message"), str) and "code" not in inner:
        return _str(inner.get("type")), inner["message"], inner.get("details"), _str(inner.get("requestId"))
    return None


def _read_problem(status, body):
    if not isinstance(body, dict) or "error" in body:
        return None
    if not (isinstance(body.get("type"), str) or isinstance(body.get("title"), str)):
        return None
    code = _str(body.get("code"))
    kind = _str(body.get("type"))
    if code is None and kind and kind != "about:blank":
        tail = kind[max(kind.rfind("#"), kind.rfind("/")) + 1:]
        code = unquote(tail) or None
    issues = None
    if isinstance(body.get("errors"), list):
        issues = [{"path": _from_pointer(item["pointer"]), "message": item["detail"]}
                  for item in body["errors"]
                  if isinstance(item, dict) and isinstance(item.get("pointer"), str) and isinstance(item.get("detail"), str)]
    message = _str(body.get("detail")) or _str(body.get("title")) or ""
    return code, message, _join_issues(body.get("details"), issues), _str(body.get("requestId"))


# The more specific shapes are tried before the looser ones that would also match.
_READERS = (_read_list, _read_status, _read_flat, _read_nested, _read_plain, _read_problem)


def parse_error(status, headers=None, body=None):
    """The typed exception for an error response: status, headers (any mapping) and the raw or parsed body."""
    data = _json_body(body)
    parsed = None
    for reader in _READERS:
        parsed = reader(status, data)
        if parsed is not None:
            break
    if parsed is None:
        code, message, details, request_id = None, data if isinstance(data, str) else "HTTP %d" % status, None, None
    else:
        code, message, details, request_id = parsed
    if code is not None and code not in ERROR_STATUS and code.upper() in ERROR_STATUS:
        code = code.upper()
    request_id = request_id or _header(headers, "x-request-id")
    retry_after = parse_retry_after(_header(headers, "retry-after"))
    header_map = dict(headers.items()) if hasattr(headers, "items") else dict(headers or [])
    cls = error_class_for(status)
    return cls(status, code, message, request_id=request_id, details=details, headers=header_map,
               body=data, retry_after=retry_after)
`
