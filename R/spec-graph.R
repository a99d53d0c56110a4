# The graph a search runs on: its edges, node by node, each from every input
# and every earlier hidden node, and the counts derived from them. The one
# place the R side counts a graph's edges and nodes; src/network.c counts the
# same (darts_first_edge()).

# Each hidden node's edges: one from every input and every earlier node (the
# graph's edge count, engine_n_edges(), is their sum).
node_in_degrees <- function(n_inputs, num_graph_nodes) {
  n_inputs + seq_len(num_graph_nodes) - 1L
}

# The hidden nodes of a graph of these edges (see edge_table()).
hidden_node_count <- function(edges) max(edges$to_index)

# The edges of the graph in engine order: node by node, each from every input
# and every earlier hidden node.
edge_table <- function(input_names, num_graph_nodes) {
  p <- length(input_names)
  nodes <- paste0("k", seq_len(num_graph_nodes))
  to_index <- rep(seq_len(num_graph_nodes), node_in_degrees(p, num_graph_nodes))
  from_index <- sequence(node_in_degrees(p, num_graph_nodes))
  from <- c(input_names, nodes)[from_index]
  data.frame(
    name = paste(from, "->", nodes[to_index]),
    from = from,
    to = nodes[to_index],
    from_index = from_index,
    to_index = to_index,
    stringsAsFactors = FALSE
  )
}

# Each of the K hidden nodes' incoming edges (indices, ascending), from one
# sort of the edges: a test of every edge for every node allocates K
# edge-long vectors (48 of 1608 values at 48 nodes on 10 inputs), for every
# graph the refinement simplifies, prunes or writes.
node_incoming_edges <- function(edges, K = hidden_node_count(edges)) {
  by_node <- order(edges$to_index)
  counts <- tabulate(edges$to_index, nbins = K)
  before <- cumsum(counts) - counts
  lapply(seq_len(K), function(j) by_node[before[j] + seq_len(counts[j])])
}

# The kind of each hidden node of a model: "sum" unless it says otherwise (a
# fit saved before product nodes existed has no node_kinds).
model_node_kinds <- function(model) {
  kinds <- model$node_kinds
  if (is.null(kinds)) return(rep("sum", ncol(model$weight)))
  kinds
}
