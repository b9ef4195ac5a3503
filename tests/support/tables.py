"""The stack's table code (template.yaml, TablesFunction's InlineCode) run for real:
CloudFormation's request shapes in, moto's Glue emulator and the firelog function
(under cargo-lambda's Runtime API emulator) behind it; and what firelog writes read by
real engines (pyarrow, DuckDB) with the columns `firelog schema` prints.

Run by tests/tables.rs with the project's .venv/engines Python:
  tables.py resource INDEX_PY LAMBDA_URL   (a request a line in, an answer a line out)
  tables.py engines COLUMNS_JSON LINES_JSONL                (prints what the engines read)
"""
import http.server
import importlib.util
import json
import logging
import os
import socket
import sys
import threading


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Answers(http.server.BaseHTTPRequestHandler):
    """CloudFormation's side of the presigned response URL: keeps what was PUT."""

    received = []

    def do_PUT(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Answers.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def resource(index_py, lambda_url):
    from moto.server import ThreadedMotoServer
    import boto3

    os.environ.update({
        "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1", "AWS_REGION": "us-east-1",
        "AWS_ENDPOINT_URL_LAMBDA": lambda_url,
    })
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log
    # moto says what it starts on stdout: the answers have stdout to themselves.
    out, sys.stdout = sys.stdout, sys.stderr
    glue_port = free_port()
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=glue_port)
    moto.start()
    os.environ["AWS_ENDPOINT_URL_GLUE"] = f"http://127.0.0.1:{glue_port}"
    answers = http.server.HTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=answers.serve_forever, daemon=True).start()
    spec = importlib.util.spec_from_file_location("index", index_py)
    index = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(index)
    glue = boto3.client("glue")
    glue.create_database(DatabaseInput={"Name": "firelog_logs"})
    # One request a line; the answer a line, before the next request is read (the test
    # may start the function again with other settings in between).
    for line in sys.stdin:
        request = json.loads(line)
        event = {
            "RequestType": request["RequestType"],
            "ResponseURL": f"http://127.0.0.1:{answers.server_port}/response",
            "StackId": "arn:aws:cloudformation:us-east-1:123456789012:stack/firelog/1",
            "RequestId": "request-1",
            "LogicalResourceId": "AccessLogTable",
            "ResourceType": "Custom::FirelogTable",
            "ResourceProperties": {"ServiceToken": "arn:aws:lambda:us-east-1:123456789012:function:tables",
                                   "FunctionName": "_", "DatabaseName": "firelog_logs",
                                   **request["Properties"]},
        }
        if "PhysicalResourceId" in request:
            event["PhysicalResourceId"] = request["PhysicalResourceId"]
        Answers.received.clear()
        index.handler(event, None)
        table = None
        try:
            table = glue.get_table(DatabaseName="firelog_logs", Name=request["Properties"]["TableName"])["Table"]
            table = {k: table[k] for k in ("Name", "Parameters", "PartitionKeys", "StorageDescriptor") if k in table}
        except glue.exceptions.EntityNotFoundException:
            pass
        print(json.dumps({"answer": Answers.received, "table": table}, default=str), file=out, flush=True)
    moto.stop()


def arrow_type(glue_type):
    import pyarrow as pa

    simple = {"string": pa.string(), "int": pa.int32(), "bigint": pa.int64(), "double": pa.float64(),
              "boolean": pa.bool_(), "timestamp": pa.timestamp("us", tz="UTC"),
              "array<string>": pa.list_(pa.string()),
              "map<string,string>": pa.map_(pa.string(), pa.string())}
    if glue_type in simple:
        return simple[glue_type]
    assert glue_type.startswith("struct<") and glue_type.endswith(">"), glue_type
    fields, depth, start, inner = [], 0, 0, glue_type[7:-1]
    for i, ch in enumerate(inner + ","):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "," and depth == 0:
            name, ty = inner[start:i].split(":", 1)
            fields.append(pa.field(name, arrow_type(ty)))
            start = i + 1
    return pa.struct(fields)


def engines(columns_json, lines_jsonl):
    """pyarrow reads the JSON Lines with exactly the table's columns (a key the table has
    not, or a value of another type, fails), writes Parquet, and DuckDB reads it back."""
    import duckdb
    import pyarrow as pa
    import pyarrow.json as pj
    import pyarrow.parquet as pq

    columns = json.load(open(columns_json))
    # A column named for a key it reads (OTel's dotted keys, ECS's @timestamp) is read
    # under its key, then renamed, as the SerDe's mapping does.
    keys = {c["Name"]: c.get("Key") or c["Name"] for c in columns}
    schema = pa.schema([pa.field(keys[c["Name"]], arrow_type(c["Type"])) for c in columns])
    # pyarrow's JSON reader has no maps (an envelope's fields): those columns are built from
    # the objects as json reads them, after every key is checked to be a column's.
    maps = [f.name for f in schema if pa.types.is_map(f.type)]
    objects = [json.loads(line) for line in open(lines_jsonl)]
    for o in objects:
        assert set(o) <= set(keys.values()), f"keys {sorted(set(o) - set(keys.values()))} are no column's"
    others = pa.schema([f for f in schema if f.name not in maps])
    table = pj.read_json(lines_jsonl, parse_options=pj.ParseOptions(
        explicit_schema=others, unexpected_field_behavior="error" if not maps else "ignore"))
    for name in maps:
        values = [None if o.get(name) is None else list(o[name].items()) for o in objects]
        table = table.append_column(schema.field(name), pa.array(values, type=schema.field(name).type))
    table = table.select([f.name for f in schema])
    table = table.rename_columns([c["Name"] for c in columns])
    path = lines_jsonl + ".parquet"
    pq.write_table(table, path)
    db = duckdb.connect()
    described = db.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    rows = db.execute(f"SELECT count(*) FROM read_parquet('{path}')").fetchone()[0]
    print(json.dumps({"rows": rows, "columns": [[name, ty] for name, ty, *_ in described],
                      "first": json.loads(db.execute(
                          f"SELECT to_json(t) FROM read_parquet('{path}') t LIMIT 1").fetchone()[0])}))


if __name__ == "__main__":
    if sys.argv[1] == "resource":
        resource(sys.argv[2], sys.argv[3])
    else:
        engines(sys.argv[2], sys.argv[3])
