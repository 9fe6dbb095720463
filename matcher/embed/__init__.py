"""Embedding backends: the sentence-transformers protocol and cache, the shipped static vectors, ONNX
Runtime.
"""
