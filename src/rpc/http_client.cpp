#include "ocean/rpc/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <limits>
#include <string>
#include <vector>

#include "ocean/util/base64.h"

namespace ocean {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// libevent cannot wait forever either; "no timeout" is five years (as Bitcoin Core's client does).
constexpr std::chrono::seconds kUnbounded{5LL * 31556952};

HttpResult Fail(const boost::system::error_code& ec) {
    HttpResult r;
    r.error = HttpTransportError{ec.value(), ec.message()};
    return r;
}

std::string BasicCredentials(const std::string& user_colon_password) {
    const auto* p = reinterpret_cast<const uint8_t*>(user_colon_password.data());
    return EncodeBase64(ByteSpan(p, user_colon_password.size()));
}

// Runs the io_context until the pending operation completes.
void RunOne(net::io_context& ioc) {
    ioc.restart();
    ioc.run();
}

HttpResult Post(const HttpPostRequest& req) {
    net::io_context ioc;
    boost::system::error_code ec;

    tcp::resolver resolver(ioc);
    const auto endpoints = resolver.resolve(req.host, std::to_string(req.port), ec);
    if (ec) return Fail(ec);

    const std::chrono::seconds timeout = req.timeout.count() > 0 ? req.timeout : kUnbounded;
    beast::tcp_stream stream(ioc);
    stream.expires_after(timeout);
    stream.async_connect(endpoints, [&](const beast::error_code& e, const tcp::endpoint&) { ec = e; });
    RunOne(ioc);
    if (ec) return Fail(ec);

    http::request<http::string_body> request{http::verb::post, req.target, 11};
    request.set(http::field::host, req.host);
    request.set(http::field::connection, "close");
    if (req.user_colon_password) {
        request.set(http::field::authorization, "Basic " + BasicCredentials(*req.user_colon_password));
    }
    request.set(http::field::content_type, req.content_type);
    request.body() = req.body;
    request.prepare_payload();

    stream.expires_after(timeout);
    http::async_write(stream, request, [&](const beast::error_code& e, size_t) { ec = e; });
    RunOne(ioc);
    if (ec) return Fail(ec);

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(timeout);
    http::async_read(stream, buffer, parser, [&](const beast::error_code& e, size_t) { ec = e; });
    RunOne(ioc);
    if (ec) return Fail(ec);

    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);

    HttpResult result;
    HttpResponse response;
    response.status = static_cast<int>(parser.get().result_int());
    response.body = std::move(parser.get().body());
    result.response = std::move(response);
    return result;
}

}  // namespace

HttpResult HttpPost(const HttpPostRequest& request) {
    try {
        return Post(request);
    } catch (const std::exception& e) {
        HttpResult r;
        r.error = HttpTransportError{-1, e.what()};
        return r;
    }
}

}  // namespace ocean
