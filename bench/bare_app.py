"""The bare app the benchmark measures beside Claimtrail, in the same run and under the same
gunicorn settings: one POST route that reads a JSON body and answers 201 with a small JSON
document. Its figures are what this machine, this Python and this server give any Flask app;
``make bench`` prints each of Claimtrail's speeds also as a ratio to them, so that figures
from different machines (or from a machine shared with other work) can be compared."""
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/echo")
def echo():
    body = request.get_json()
    return jsonify({"received": len(body)}), 201

