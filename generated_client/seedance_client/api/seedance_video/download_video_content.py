from http import HTTPStatus
from io import BytesIO
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_error import GatewayError
from ...models.task_error import TaskError
from ...types import File, Response


def _get_kwargs(
    task_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/videos/{task_id}/content".format(
            task_id=quote(str(task_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | File | GatewayError | TaskError | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 302:
        response_302 = cast(Any, None)
        return response_302

    if response.status_code == 307:
        response_307 = cast(Any, None)
        return response_307

    if response.status_code == 400:
        if not response.content:
            return None

        def _parse_response_400(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        if not response.content:
            return None

        def _parse_response_401(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_401 = _parse_response_401(response.json())

        return response_401

    if response.status_code == 403:
        if not response.content:
            return None

        def _parse_response_403(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_403 = _parse_response_403(response.json())

        return response_403

    if response.status_code == 404:
        if not response.content:
            return None

        def _parse_response_404(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_404 = _parse_response_404(response.json())

        return response_404

    if response.status_code == 429:
        if not response.content:
            return None

        def _parse_response_429(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_429 = _parse_response_429(response.json())

        return response_429

    if response.status_code == 500:
        if not response.content:
            return None

        def _parse_response_500(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_500 = _parse_response_500(response.json())

        return response_500

    if response.status_code == 502:
        if not response.content:
            return None

        def _parse_response_502(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_502 = _parse_response_502(response.json())

        return response_502

    if response.status_code == 503:
        if not response.content:
            return None

        def _parse_response_503(data: object) -> GatewayError | TaskError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_error_response_type_0 = TaskError.from_dict(data)

                return componentsschemas_error_response_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_error_response_type_1 = GatewayError.from_dict(data)

            return componentsschemas_error_response_type_1

        response_503 = _parse_response_503(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | File | GatewayError | TaskError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | File | GatewayError | TaskError]:
    """Download the video of a completed task

     The video bytes once the task has completed; the gateway may instead redirect to a CDN. Before
    completion: 400 `task_not_ready`.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | GatewayError | TaskError]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | File | GatewayError | TaskError | None:
    """Download the video of a completed task

     The video bytes once the task has completed; the gateway may instead redirect to a CDN. Before
    completion: 400 `task_not_ready`.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | GatewayError | TaskError
    """

    return sync_detailed(
        task_id=task_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Response[Any | File | GatewayError | TaskError]:
    """Download the video of a completed task

     The video bytes once the task has completed; the gateway may instead redirect to a CDN. Before
    completion: 400 `task_not_ready`.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | File | GatewayError | TaskError]
    """

    kwargs = _get_kwargs(
        task_id=task_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    task_id: str,
    *,
    client: AuthenticatedClient,
) -> Any | File | GatewayError | TaskError | None:
    """Download the video of a completed task

     The video bytes once the task has completed; the gateway may instead redirect to a CDN. Before
    completion: 400 `task_not_ready`.

    Args:
        task_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | File | GatewayError | TaskError
    """

    return (
        await asyncio_detailed(
            task_id=task_id,
            client=client,
        )
    ).parsed
